"""Who may see and do what: one identity, one rule, used by every door into Pathway.

The API's routes, the pages, the codec, the reports and the pathway workflow's own validators
all ask this package, so the answer is the same whichever way a person comes in:

- `identity`: a user (from a token or a page session) with their role, team and area;
- `acts`: every act a route performs and the roles that may perform it;
- `scope`: which pathways, and which records reached from them, a user may see.

Nothing here does I/O: workflows import it inside Temporal's sandbox.
"""

from access.acts import Act, may
from access.identity import Role, User
from access.scope import Scope, may_see, scope_of

__all__ = ["Act", "Role", "Scope", "User", "may", "may_see", "scope_of"]

from tests.api.conftest import api, areas_api  # noqa: F401 - the real app, worker and dev server

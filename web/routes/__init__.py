"""The pages' routes, one module per area (none appear in the API's OpenAPI document)."""

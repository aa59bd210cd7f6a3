"""All I/O the workflows need: each activity takes one model and is idempotent by its key."""

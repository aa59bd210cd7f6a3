"""The pathway's story: one durable Temporal workflow per child per court order."""

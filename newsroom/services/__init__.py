"""The newsroom's write operations and business actions, one module per capability."""

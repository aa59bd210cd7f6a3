"""The HTTP surface: thin routes over the workflows and the intake."""

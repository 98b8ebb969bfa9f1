"""The end-to-end fixtures live in :mod:`tests.support.e2e_fixtures`, a plugin of the root
conftest, so that every directory shares one set of session services.

Qt connects to one PulseAudio server for the life of a process: a second session-scoped
``pulse`` (the hostile tests had one of their own through an import) left the in-process
engine playing to the first server while the test recorded the second.
"""

"""Helpers every app may use; no models, so not an installed app."""

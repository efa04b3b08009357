"""Requests to UNHCR to verify a client's registration."""

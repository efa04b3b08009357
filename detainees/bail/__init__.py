"""Bail follow-through: sureties and the next friend, the bond, the release order, and the
alert when a client granted bail is still held."""

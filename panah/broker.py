"""The Redis transport the workers use: kombu's, with one fault closed.

When Redis goes away while a worker holds a late-acknowledged task (a petition render)
and has a free process, so that its channel is waiting on BRPOP, Celery's consumer
collects the broken connection, which detaches the transport (``transport.client`` is
None) before the channel has closed, and then closes the connection. Closing the
channel tries to hand the unacknowledged task back to Redis, and kombu 5.7.0 builds a
new connection pool from the detached transport: ``AttributeError: 'NoneType' object
has no attribute 'hostname'``, which is no connection error, so the consumer does not
reconnect and the whole worker exits ("Unrecoverable error"). The same happens to the
task's acknowledgement when it finishes after the restart.

A channel whose transport is gone can only fail, so it fails as a lost connection:
Celery ignores that while it reconnects, and logs "Couldn't ack" for the late
acknowledgement. Nothing is lost by it: a task Redis still holds as unacknowledged comes
back after the visibility timeout (renders are idempotent), and one that Redis lost with
its data is sent again by the sweeper.
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError("The broker connection was closed after it was lost.")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel

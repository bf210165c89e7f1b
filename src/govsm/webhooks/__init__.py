"""Webhooks: govsm's events, signed per Standard Webhooks, delivered from a queue in the store.

The pieces, bottom up — each module holds one of them:

* :mod:`govsm.webhooks.events` — the event types and the JSON body of each event;
* :mod:`govsm.webhooks.endpoints` — the ``[[webhooks]]`` of ``govsm.toml``;
* :mod:`govsm.webhooks.signing` — ``whsec_`` secrets and the three signed headers;
* :mod:`govsm.webhooks.secrets` — reading an endpoint's secrets from their references;
* :mod:`govsm.net.addresses` — which addresses a webhook may reach;
* :mod:`govsm.webhooks.retrying` — the back-off between attempts;
* :mod:`govsm.webhooks.sending` — one signed POST over a pinned connection;
* :mod:`govsm.webhooks.relay` — the hook implementations that queue each event;
* :mod:`govsm.webhooks.delivery` — claiming, sending and recording what is due;
* :mod:`govsm.webhooks.reporting` — the queue's state, for ``govsm webhooks status`` and the
  audit;
* :mod:`govsm.webhooks.replaying` — sending chosen events again, under their own ids.

The queue itself is :mod:`govsm.store.webhook_queue`. See :doc:`/howto/webhooks`.
"""

"""What govsm may reach over the network: the guard against server-side request forgery.

:mod:`govsm.net.addresses` checks every address a host resolves to before a webhook is sent
(:mod:`govsm.webhooks`) or a curation source is fetched (:mod:`govsm.curation`).
"""

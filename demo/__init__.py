"""The demo: the Tân Bình commune's 2022 and 2026 story and sample data, for development only.

The rightmost layer (campaigns → kpi → rewards → documents → demo): it may import every app and no app
imports it. It is installed only when ``settings.DEMO_DATA`` is on (env ``DEMO_DATA``, default: DEBUG)
and always in the tests, so on a production server (DEBUG=false) ``seed_demo``, ``demo_accounts`` and
``create_demo_certificate`` do not exist. It holds no models: installing it or not changes no table.
"""

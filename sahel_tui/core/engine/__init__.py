"""Search engines behind one interface.

``nodes``          the engine-neutral query tree the query language produces
``base``           :class:`SearchEngine` and :class:`EngineSnapshot`: what an engine provides
``whoosh_engine``  the Whoosh implementation (the only engine module that imports Whoosh)
``tantivy_engine`` the tantivy implementation (large corpora; same analysis, pre-tokenized)
``choice``         which engine a workspace uses (``index --engine``, ``SAHEL_TUI_ENGINE``)
"""

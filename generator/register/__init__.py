"""轮训登记 and 通报 (``register``): a roster, study records and codes into a report per cadre
and per unit, offline.

Holds: ``names`` (normalising names, 姓氏笔画 and pinyin order), ``roster`` (the 干部名册 from
CSV or XLSX), ``records`` (study record files and 学习记录码, streamed), ``credit`` (re-grading
each lesson), ``tally`` (matching records to the roster, the figures), ``render`` and
``workbook`` (page, HTML 通报, CSV, XLSX), ``register`` (the whole run).

May import: generator.templating, generator.scoring, generator.content and below; never site,
reports, exports or commands.
"""

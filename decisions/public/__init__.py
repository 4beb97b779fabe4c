"""The public register: its pages and addresses (views, urls), the register's search and
filters (register), open data (open_data), Open Contracting data (ocds) and the sitemap.
Everything here reads published copies only."""

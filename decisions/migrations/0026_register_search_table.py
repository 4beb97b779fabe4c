"""The register's search table (decisions.models.search): on PostgreSQL, its text vector and
index, and the trigger that keeps a row for each copy that is current and not taken down."""

import django.db.models.deletion
from django.db import migrations, models

# The vector is stored apart from the row (toast_tuple_target at its least) so that well over
# a hundred rows fill a page: a search reads the vector only through its index.
ADD = """
ALTER TABLE decisions_registersearchrow SET (toast_tuple_target = 128);
ALTER TABLE decisions_registersearchrow ADD COLUMN search_vector tsvector NOT NULL;
ALTER TABLE decisions_registersearchrow ALTER COLUMN search_vector SET STORAGE EXTERNAL;

CREATE FUNCTION decisions_keep_register_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_current AND NEW.removed_on IS NULL THEN
        INSERT INTO decisions_registersearchrow (copy_id, published_on, search_vector)
        VALUES (NEW.id, NEW.published_on, NEW.search_vector)
        ON CONFLICT (copy_id) DO UPDATE
            SET published_on = EXCLUDED.published_on, search_vector = EXCLUDED.search_vector;
    ELSE
        DELETE FROM decisions_registersearchrow WHERE copy_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER register_search_row_on_insert
    AFTER INSERT ON decisions_publishedcopy
    FOR EACH ROW EXECUTE FUNCTION decisions_keep_register_search_row();
-- Django's save() writes every column: only a change the search table holds rewrites its row.
CREATE TRIGGER register_search_row_on_update
    AFTER UPDATE ON decisions_publishedcopy
    FOR EACH ROW
    WHEN (
        OLD.is_current IS DISTINCT FROM NEW.is_current
        OR OLD.removed_on IS DISTINCT FROM NEW.removed_on
        OR OLD.published_on IS DISTINCT FROM NEW.published_on
        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
    )
    EXECUTE FUNCTION decisions_keep_register_search_row();

INSERT INTO decisions_registersearchrow (copy_id, published_on, search_vector)
    SELECT id, published_on, search_vector FROM decisions_publishedcopy
    WHERE is_current AND removed_on IS NULL;
CREATE INDEX register_search_row_vector ON decisions_registersearchrow USING gin (search_vector);
"""

REMOVE = """
DROP TRIGGER register_search_row_on_update ON decisions_publishedcopy;
DROP TRIGGER register_search_row_on_insert ON decisions_publishedcopy;
DROP FUNCTION decisions_keep_register_search_row();
"""


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0025_forward_plan"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisterSearchRow",
            fields=[
                (
                    "copy",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="decisions.publishedcopy",
                    ),
                ),
                ("published_on", models.DateField()),
            ],
        ),
        migrations.RunPython(add, remove),
    ]

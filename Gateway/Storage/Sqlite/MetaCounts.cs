namespace Gateway.Storage.Sqlite;

/// <summary>How many faces each meta has, and its first face, overall and in each gallery: kept by triggers in the same
/// transaction as every change of faces, metas and memberships, so that listing metas reads a page of an index instead of
/// grouping every face (0.2 s at 1M faces).</summary>
/// <remarks>Gallery "" stands for every face ("default"; a named gallery has 1 to 48 characters). A face's galleries are
/// removed before it (DeleteAsync) or after it (DeleteGalleryAsync): a membership that leaves while its face still exists is
/// counted out by its own trigger, one that outlives its face is counted out with the face.</remarks>
internal static class MetaCounts
{
    private const string Every = "''";

    /// <summary>The key of <paramref name="gallery"/> in meta_counts (null: every face).</summary>
    public static string Gallery(string? gallery) => gallery ?? "";

    public static void Create(MetadataDatabase database)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var exists = MetadataDatabase.Command(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta_counts'");
        var created = exists.ExecuteScalar() is null;
        using var create = MetadataDatabase.Command(connection, $"""
            CREATE TABLE IF NOT EXISTS meta_counts (
                gallery TEXT NOT NULL, meta TEXT NOT NULL, count INTEGER NOT NULL, first_id INTEGER NOT NULL,
                PRIMARY KEY (gallery, meta)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS meta_counts_by_first_face ON meta_counts (gallery, first_id);
            CREATE TRIGGER IF NOT EXISTS meta_counts_face_added AFTER INSERT ON faces BEGIN
                {Add(Every, "NEW.meta", "NEW.id")}
            END;
            CREATE TRIGGER IF NOT EXISTS meta_counts_face_removed AFTER DELETE ON faces BEGIN
                {Remove(Every, "OLD.meta", "OLD.id")}
                {RemoveFromGalleriesOf("OLD.meta", "OLD.id")}
            END;
            CREATE TRIGGER IF NOT EXISTS meta_counts_meta_changed AFTER UPDATE OF meta ON faces WHEN OLD.meta <> NEW.meta BEGIN
                {Remove(Every, "OLD.meta", "OLD.id")}
                {RemoveFromGalleriesOf("OLD.meta", "OLD.id")}
                {Add(Every, "NEW.meta", "NEW.id")}
                {AddToGalleriesOf("NEW.meta", "NEW.id")}
            END;
            CREATE TRIGGER IF NOT EXISTS meta_counts_gallery_joined AFTER INSERT ON face_galleries BEGIN
                {AddToGalleriesOf("(SELECT meta FROM faces WHERE id = NEW.face_id)", "NEW.face_id", "NEW.gallery")}
            END;
            CREATE TRIGGER IF NOT EXISTS meta_counts_gallery_left AFTER DELETE ON face_galleries BEGIN
                {Remove("OLD.gallery", "(SELECT meta FROM faces WHERE id = OLD.face_id)", "OLD.face_id")}
            END;
            """);
        create.ExecuteNonQuery();
        if (created)
        {
            // A file made before the counts: count what it holds once.
            using var fill = MetadataDatabase.Command(connection, $"""
                INSERT INTO meta_counts SELECT {Every}, meta, COUNT(*), MIN(id) FROM faces GROUP BY meta;
                INSERT INTO meta_counts SELECT g.gallery, f.meta, COUNT(*), MIN(f.id)
                    FROM face_galleries g JOIN faces f ON f.id = g.face_id GROUP BY g.gallery, f.meta;
                """);
            fill.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static string Add(string gallery, string meta, string id) => $"""
        INSERT INTO meta_counts (gallery, meta, count, first_id) SELECT {gallery}, {meta}, 1, {id} WHERE {meta} IS NOT NULL
            ON CONFLICT (gallery, meta) DO UPDATE SET count = count + 1, first_id = MIN(first_id, excluded.first_id);
        """;

    /// <summary>Adds a face to the counts of its galleries (or of one gallery that it just joined).</summary>
    private static string AddToGalleriesOf(string meta, string id, string? gallery = null) => gallery is not null
        ? Add(gallery, meta, id)
        : $"""
            INSERT INTO meta_counts (gallery, meta, count, first_id) SELECT g.gallery, {meta}, 1, {id} FROM face_galleries g WHERE g.face_id = {id}
                ON CONFLICT (gallery, meta) DO UPDATE SET count = count + 1, first_id = MIN(first_id, excluded.first_id);
            """;

    private static string Remove(string gallery, string meta, string id) => $"""
        UPDATE meta_counts SET count = count - 1,
            first_id = CASE WHEN first_id = {id} THEN COALESCE(({FirstFace(gallery, meta, id)}), first_id) ELSE first_id END
            WHERE gallery = {gallery} AND meta = {meta};
        DELETE FROM meta_counts WHERE gallery = {gallery} AND meta = {meta} AND count <= 0;
        """;

    private static string RemoveFromGalleriesOf(string meta, string id) => $"""
        UPDATE meta_counts SET count = count - 1,
            first_id = CASE WHEN first_id = {id} THEN COALESCE(({FirstFace("meta_counts.gallery", meta, id)}), first_id) ELSE first_id END
            WHERE meta = {meta} AND gallery IN (SELECT gallery FROM face_galleries WHERE face_id = {id});
        DELETE FROM meta_counts WHERE meta = {meta} AND count <= 0 AND gallery IN (SELECT gallery FROM face_galleries WHERE face_id = {id});
        """;

    /// <summary>The first face of a meta in a gallery, other than the one leaving: the next one along faces_by_meta.</summary>
    private static string FirstFace(string gallery, string meta, string leaving) => gallery == Every
        ? $"SELECT f.id FROM faces f WHERE f.meta = {meta} AND f.id <> {leaving} ORDER BY f.id LIMIT 1"
        : $"SELECT f.id FROM faces f WHERE f.meta = {meta} AND f.id <> {leaving} AND EXISTS (SELECT 1 FROM face_galleries x " +
          $"WHERE x.gallery = {gallery} AND x.face_id = f.id) ORDER BY f.id LIMIT 1";
}

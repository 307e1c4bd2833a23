using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Sqlite;

/// <summary>A copy of each named gallery's faces clustered by (gallery, id), kept by triggers in the same transaction as every
/// change of faces and memberships, so that a page of a gallery is read from a few adjacent pages of the file.</summary>
/// <remarks>Read from face_galleries' key, a page of 100 faces of a gallery holding a tenth of the faces looked up 100 faces
/// spread over ~1,000 ids, ~20 pages of the faces table at random points of a 10M-face file (p95 28 ms, every other listing
/// under 17 ms). SQLite's indexes cover columns of one table only, and a face's galleries are rows of another, so the copy is
/// a table. A face's galleries are not copied: they are read by face_galleries_by_face, whose entries for a page's faces sit
/// side by side as well.</remarks>
internal static class GalleryFaces
{
    /// <summary>Every column of faces that a listing answers but the id, in the order SqliteFaceStore reads them; a column added
    /// to faces for the listings is added here, to the copy's table (an older file's too, as faces' own added columns are) and to the reader.</summary>
    private static readonly string[] Copied =
    [
        "created_at", "photo", "photo_hash", "thumbnail", "normalized", "x1", "y1", "x2", "y2", "meta", "gender", "gender_score",
        "age", "emotions", "cam_id", "person_id", "person_space", "friend", "capture_key", "person_confidence",
    ];

    private static readonly string CopiedList = string.Join(", ", Copied);

    /// <summary>The copied columns of <paramref name="row"/> (a table's alias, or NEW in a trigger), comma-separated.</summary>
    public static string Of(string row) => string.Join(", ", Copied.Select(column => $"{row}.{column}"));

    /// <summary>Makes the copy and its triggers; a file made before them has its memberships copied once, in one transaction
    /// with the triggers, so that a copy cut short leaves the file as it was, to be copied at the next start.</summary>
    public static void Create(MetadataDatabase database, ILogger logger)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var exists = MetadataDatabase.Command(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gallery_faces'");
        if (exists.ExecuteScalar() is not null)
            return;
        var watch = Stopwatch.StartNew();
        using var create = MetadataDatabase.Command(connection, $"""
            CREATE TABLE gallery_faces (
                gallery TEXT NOT NULL, id INTEGER NOT NULL, created_at TEXT, photo TEXT, photo_hash TEXT, thumbnail TEXT,
                normalized TEXT, x1 INTEGER, y1 INTEGER, x2 INTEGER, y2 INTEGER, meta TEXT, gender TEXT, gender_score REAL, age REAL,
                emotions TEXT, cam_id TEXT, person_id INTEGER, person_space TEXT, friend INTEGER, capture_key TEXT,
                person_confidence REAL, PRIMARY KEY (gallery, id)) WITHOUT ROWID;
            CREATE TRIGGER gallery_faces_joined AFTER INSERT ON face_galleries BEGIN
                INSERT OR REPLACE INTO gallery_faces (gallery, id, {CopiedList})
                    SELECT NEW.gallery, f.id, {Of("f")} FROM faces f WHERE f.id = NEW.face_id;
            END;
            CREATE TRIGGER gallery_faces_left AFTER DELETE ON face_galleries BEGIN
                DELETE FROM gallery_faces WHERE gallery = OLD.gallery AND id = OLD.face_id;
            END;
            CREATE TRIGGER gallery_faces_face_changed AFTER UPDATE ON faces BEGIN
                UPDATE gallery_faces SET ({CopiedList}) = ({Of("NEW")})
                    WHERE gallery IN (SELECT gallery FROM face_galleries WHERE face_id = NEW.id) AND id = NEW.id;
            END;
            CREATE TRIGGER gallery_faces_face_removed AFTER DELETE ON faces BEGIN
                DELETE FROM gallery_faces WHERE gallery IN (SELECT gallery FROM face_galleries WHERE face_id = OLD.id) AND id = OLD.id;
            END;
            """);
        create.ExecuteNonQuery();
        // Read in the copy's own order (face_galleries' key), so that the copy's pages are filled one after another.
        using var fill = MetadataDatabase.Command(connection, $"""
            INSERT INTO gallery_faces (gallery, id, {CopiedList})
                SELECT g.gallery, f.id, {Of("f")} FROM face_galleries g CROSS JOIN faces f ON f.id = g.face_id ORDER BY g.gallery, g.face_id
            """);
        fill.CommandTimeout = 0;
        var copied = fill.ExecuteNonQuery();
        transaction.Commit();
        if (copied > 0)
            logger.LogInformation("Copied the {Memberships} gallery memberships of the faces into gallery_faces, which lists a gallery's " +
                                  "faces from adjacent pages, in {Seconds:F1} s", copied, watch.Elapsed.TotalSeconds);
    }
}

using System.Runtime.CompilerServices;
using Contracts.Embedding;
using Contracts.Images;
using Contracts.Index;
using Gateway.Http;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Workers.Index.Warmup;

namespace Gateway.Storage.Mongo;

/// <summary>
/// Faces and galleries in MongoDB, shared by gateways on several hosts: a document per face (id as <c>_id</c>, named
/// galleries as an array, <c>default</c> implied and not stored, facen as little-endian float32 bytes) and one per gallery.
/// </summary>
public sealed class MongoFaceStore : IFaceStore, IFacenSource, IDisposable
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<BsonDocument> Update = Builders<BsonDocument>.Update;
    private static readonly SortDefinition<BsonDocument> NewestFirst = Builders<BsonDocument>.Sort.Descending("_id");
    // What reads a StoredFace leaves the facen on the server (2 KB a face): listings never show one.
    private static readonly ProjectionDefinition<BsonDocument> WithoutFacen = Builders<BsonDocument>.Projection.Exclude("facen").Exclude("facen_model");
    private static readonly ProjectionDefinition<BsonDocument> IndexedFields =
        Builders<BsonDocument>.Projection.Include("facen").Include("galleries").Include("person_space");

    private readonly MongoClient _client;
    private readonly IMongoCollection<BsonDocument> _faces;
    private readonly IMongoCollection<BsonDocument> _galleries;
    private readonly IMongoCollection<BsonDocument> _pending;

    public MongoFaceStore(IOptions<StorageOptions> storage)
    {
        var mongo = storage.Value.Mongo;
        _client = new MongoClient(mongo.ConnectionString);
        var database = _client.GetDatabase(mongo.Database);
        _faces = database.GetCollection<BsonDocument>("faces");
        _galleries = database.GetCollection<BsonDocument>("galleries");
        // Pending faces (PendingFace), a collection of their own: MongoDB without a replica set has no transaction across
        // documents, so each change writes its mark first and clears it last (a crash in between leaves a mark, never a
        // change without one).
        _pending = database.GetCollection<BsonDocument>("pending_faces");
        _pending.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("since")));
        // Listings walk ids within a gallery or a meta. A page of a gallery then fetches its documents by their record, as SQLite
        // did before its copies clustered by (gallery, id) (GalleryFaces); an index on the array "galleries" is multikey, which
        // MongoDB cannot use to cover a query, so the same answer here would be a second collection: not made, since no server
        // runs here to measure whether the fetches cost what they cost SQLite at 10M faces.
        _faces.Indexes.CreateMany([
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("galleries").Descending("_id")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("meta").Descending("_id")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("person_id").Descending("_id")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("cam_id").Descending("_id")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("photo")),
            // A capture key is stored once: a capture handed twice is enrolled once.
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("capture_key"),
                new CreateIndexOptions { Unique = true, Sparse = true }),
        ]);
    }

    public async Task AddAsync(IReadOnlyList<FaceToStore> faces, CancellationToken cancellationToken)
    {
        // InsertMany refuses an empty batch.
        if (faces.Count == 0)
            return;
        try
        {
            await _faces.InsertManyAsync(faces.Select(ToDocument), new InsertManyOptions { IsOrdered = false }, cancellationToken);
        }
        // A face already stored is kept as it is (its enrollment tried again), and a capture enrolled already is not enrolled
        // again (a redelivered CaptureFace); the batch's other faces are inserted.
        catch (MongoBulkWriteException<BsonDocument> e) when (e.WriteConcernError is null
                                                             && e.WriteErrors.All(error => error.Category == ServerErrorCategory.DuplicateKey))
        {
        }
    }

    public Task MarkEnrollingAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken) =>
        MarkPendingAsync(faceIds, enrolling: true, gallery: null, cancellationToken);

    public async Task<int> AddEnrolledAsync(IReadOnlyList<FaceToStore> faces, CancellationToken cancellationToken)
    {
        // Stored only while its mark is there; the mark is cleared after the face is stored. A sweep that settles the mark
        // between the two takes the face out of the index after the call's timeout only, when no enrollment still runs.
        var ids = faces.Select(face => face.Face.Id).ToList();
        var marked = (await GetPendingAsync(ids, cancellationToken)).Where(mark => mark.Enrolling).ToList();
        var storing = faces.Where(face => marked.Any(mark => mark.FaceId == face.Face.Id)).ToList();
        await AddAsync(storing, cancellationToken);
        await ClearPendingAsync(marked, cancellationToken);
        return (int)await _faces.CountDocumentsAsync(Filter.In("_id", ids), cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<PendingFace>> GetPendingAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken) =>
        (await _pending.Find(Filter.In("_id", faceIds)).ToListAsync(cancellationToken)).Select(PendingFromDocument).ToList();

    public async Task<IReadOnlyList<PendingFace>> ListPendingAsync(DateTime before, string? gallery, int limit, CancellationToken cancellationToken)
    {
        var filter = Filter.Lt("since", before) & (gallery is null ? Filter.Empty : Filter.Eq("gallery", gallery));
        return (await _pending.Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("since")).Limit(limit).ToListAsync(cancellationToken))
            .Select(PendingFromDocument).ToList();
    }

    public async Task ClearPendingAsync(IReadOnlyList<PendingFace> settled, CancellationToken cancellationToken)
    {
        // BulkWrite refuses an empty batch.
        if (settled.Count == 0)
            return;
        await _pending.BulkWriteAsync(settled.Select(face =>
                new DeleteOneModel<BsonDocument>(Filter.Eq("_id", face.FaceId) & Filter.Eq("since", face.Since))),
            new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    public async Task<StoredFace?> GetAsync(long id, CancellationToken cancellationToken) =>
        await _faces.Find(Filter.Eq("_id", id)).Project(WithoutFacen).FirstOrDefaultAsync(cancellationToken) is { } document ? FromDocument(document) : null;

    public async Task<StoredFace?> FindCapturedAsync(Guid captureKey, CancellationToken cancellationToken) =>
        await _faces.Find(Filter.Eq("capture_key", CaptureKey(captureKey))).Project(WithoutFacen).FirstOrDefaultAsync(cancellationToken) is { } document
            ? FromDocument(document)
            : null;

    public async Task<IReadOnlyDictionary<long, StoredFace>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        (await _faces.Find(Filter.In("_id", ids)).Project(WithoutFacen).ToListAsync(cancellationToken)).Select(FromDocument).ToDictionary(face => face.Id);

    public async Task<IReadOnlyList<IndexedFacen>> GetIndexedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        (await _faces.Find(Filter.In("_id", ids)).Project(IndexedFields).ToListAsync(cancellationToken)).Select(IndexedFromDocument).ToList();

    public async Task<StoredFace?> UpdateAsync(long id, string? meta, GalleryChange? galleries, PersonAssignment? person,
        CancellationToken cancellationToken)
    {
        var changes = new List<UpdateDefinition<BsonDocument>>();
        if (meta is not null)
            changes.Add(Update.Set("meta", meta));
        if (person is not null)
            changes.Add(Update.Set("person_id", person.PersonId).Set("person_space", Nullable(person.Space)).Unset("person_confidence"));
        // The server applies the change, so that two changes of one face at once both count.
        if (galleries is not null)
        {
            changes.Add(galleries.Kind switch
            {
                GalleryChangeKind.Add => Update.AddToSetEach("galleries", GalleryNames.Named(galleries.Galleries)),
                GalleryChangeKind.Del => Update.PullAll("galleries", galleries.Galleries),
                _ => Update.Set("galleries", new BsonArray(GalleryNames.Named(galleries.Galleries))),
            });
        }
        if (changes.Count == 0)
            return await GetAsync(id, cancellationToken);
        if (galleries is not null || person is not null)
        {
            if (await GetAsync(id, cancellationToken) is null)
                return null;
            await MarkPendingAsync([id], enrolling: false, gallery: null, cancellationToken);
        }
        var updated = await _faces.FindOneAndUpdateAsync(Filter.Eq("_id", id), Update.Combine(changes),
            new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After, Projection = WithoutFacen }, cancellationToken);
        return updated is null ? null : FromDocument(updated);
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is null)
            return false;
        await MarkPendingAsync([id], enrolling: false, gallery: null, cancellationToken);
        return (await _faces.DeleteOneAsync(Filter.Eq("_id", id), cancellationToken)).DeletedCount > 0;
    }

    public async Task<IReadOnlyList<StoredFace>> ListAsync(string? gallery, string? meta, FacePage page, CancellationToken cancellationToken)
    {
        var filter = Window("_id", page) & InGallery(gallery) & (meta is null ? Filter.Empty : Filter.Eq("meta", meta));
        var documents = await _faces.Find(filter).Sort(Order("_id", page)).Limit(page.Limit).Project(WithoutFacen).ToListAsync(cancellationToken);
        return NewestFirstOf(documents, page).Select(FromDocument).ToList();
    }

    public async Task<IReadOnlyList<MetaSummary>> ListMetaAsync(string? gallery, FacePage page, CancellationToken cancellationToken)
    {
        var rows = await _faces.Aggregate(new AggregateOptions { AllowDiskUse = true })
            .Match(InGallery(gallery))
            .Group(new BsonDocument
            {
                { "_id", "$meta" },
                { "count", new BsonDocument("$sum", 1) },
                { "first_id", new BsonDocument("$min", "$_id") },
            })
            .Match(Window("first_id", page))
            .Sort(Order("first_id", page))
            .Limit(page.Limit)
            .ToListAsync(cancellationToken);
        var newestFirst = NewestFirstOf(rows, page).ToList();
        var faces = await GetManyAsync(newestFirst.Select(row => row["first_id"].AsInt64).ToList(), cancellationToken);
        return newestFirst.Where(row => faces.ContainsKey(row["first_id"].AsInt64))
            .Select(row => new MetaSummary(row["_id"].AsString, row["count"].ToInt32(), faces[row["first_id"].AsInt64]))
            .ToList();
    }

    public async Task<long> MaxIdAsync(CancellationToken cancellationToken) =>
        await _faces.Find(Filter.Empty).Sort(NewestFirst).Limit(1).FirstOrDefaultAsync(cancellationToken) is { } newest ? newest["_id"].AsInt64 : 0;

    public async Task<IReadOnlyList<PersonSummary>> ListPersonsAsync(FacePage page, CancellationToken cancellationToken)
    {
        var rows = await _faces.Aggregate(new AggregateOptions { AllowDiskUse = true })
            .Match(Filter.Ne("person_id", BsonNull.Value) & Filter.Exists("person_id"))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Group(new BsonDocument { { "_id", "$person_id" }, { "meta", new BsonDocument("$first", "$meta") } })
            .Match(Window("_id", page))
            .Sort(Order("_id", page))
            .Limit(page.Limit)
            .ToListAsync(cancellationToken);
        return NewestFirstOf(rows, page).Select(row => new PersonSummary(row["_id"].ToInt64(), row["meta"].AsString)).ToList();
    }

    public async Task<PersonSummary?> GetPersonAsync(long personId, CancellationToken cancellationToken) =>
        await _faces.Find(Filter.Eq("person_id", personId)).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Limit(1)
            .FirstOrDefaultAsync(cancellationToken) is { } first ? new PersonSummary(personId, first["meta"].AsString) : null;

    public async Task<IReadOnlyList<StoredFace>> ListHistoryAsync(HistoryFilter filter, FacePage page, CancellationToken cancellationToken)
    {
        var match = Window("_id", page) & Filter.Ne("cam_id", BsonNull.Value) & Filter.Exists("cam_id")
                    & (filter.PersonId is { } person ? Filter.Eq("person_id", person) : Filter.Empty)
                    & (filter.CameraIds is { } cameras ? Filter.In("cam_id", cameras) : Filter.Empty)
                    & (filter.Start is { } start ? Filter.Gte("created_at", start.ToUniversalTime()) : Filter.Empty)
                    & (filter.End is { } end ? Filter.Lte("created_at", end.ToUniversalTime()) : Filter.Empty)
                    & (filter.Friend is { } friend ? Filter.Eq("friend", friend) : Filter.Empty);
        var documents = await _faces.Find(match).Sort(Order("_id", page)).Limit(page.Limit).Project(WithoutFacen).ToListAsync(cancellationToken);
        return NewestFirstOf(documents, page).Select(FromDocument).ToList();
    }

    public async Task<int> CountDaysSeenAsync(long personId, string cameraId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var days = await _faces.Aggregate()
            .Match(Filter.Eq("person_id", personId) & Filter.Eq("cam_id", cameraId)
                   & Filter.Gte("created_at", from.ToUniversalTime()) & Filter.Lte("created_at", to.ToUniversalTime()))
            .Group(new BsonDocument("_id", new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m-%d" }, { "date", "$created_at" } })))
            .ToListAsync(cancellationToken);
        return days.Count;
    }

    public async Task<IReadOnlyList<string>> ListGalleriesAsync(CancellationToken cancellationToken) =>
        (await _galleries.Find(Filter.Empty).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).ToListAsync(cancellationToken))
        .Select(gallery => gallery["_id"].AsString).ToList();

    public Task<bool> GalleryExistsAsync(string gallery, CancellationToken cancellationToken) =>
        _galleries.Find(Filter.Eq("_id", gallery)).AnyAsync(cancellationToken);

    public async Task<bool> CreateGalleryAsync(string gallery, CancellationToken cancellationToken)
    {
        try
        {
            await _galleries.InsertOneAsync(new BsonDocument { { "_id", gallery }, { "created_at", DateTime.UtcNow } }, null, cancellationToken);
            return true;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<StoredFace>?> DeleteGalleryAsync(string gallery, CancellationToken cancellationToken)
    {
        var faces = (await _faces.Find(InGallery(gallery)).Project(WithoutFacen).ToListAsync(cancellationToken)).Select(FromDocument).ToList();
        var ids = faces.Select(face => face.Id).ToList();
        await MarkPendingAsync(ids, enrolling: false, gallery, cancellationToken);
        await _faces.DeleteManyAsync(Filter.In("_id", ids), cancellationToken);
        var deleted = await _galleries.DeleteOneAsync(Filter.Eq("_id", gallery), cancellationToken);
        return deleted.DeletedCount > 0 ? faces : null;
    }

    public async Task<IReadOnlySet<string>> FilesInUseAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        string[] fields = ["photo", "thumbnail", "normalized"];
        var documents = await _faces.Find(Filter.Or(fields.Select(field => Filter.In(field, paths))))
            .Project(Builders<BsonDocument>.Projection.Include("photo").Include("thumbnail").Include("normalized"))
            .ToListAsync(cancellationToken);
        var wanted = paths.ToHashSet(StringComparer.Ordinal);
        return documents.SelectMany(document => fields.Where(document.Contains).Select(field => document[field]))
            .Where(value => value.IsString && wanted.Contains(value.AsString)).Select(value => value.AsString).ToHashSet(StringComparer.Ordinal);
    }

    public async Task SetFacensAsync(IReadOnlyDictionary<long, float[]> facens, string model, CancellationToken cancellationToken)
    {
        // BulkWrite refuses an empty batch.
        if (facens.Count == 0)
            return;
        await _faces.BulkWriteAsync(facens.Select(face => new UpdateOneModel<BsonDocument>(Filter.Eq("_id", face.Key),
                Update.Set("facen", new BsonBinaryData(FacenEncoding.ToBytes(face.Value))).Set("facen_model", model))),
            new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    public async IAsyncEnumerable<IndexedFacen> ReadAsync(string gallery, long afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var facens = _faces.Find(InGalleryAfter(gallery, afterId)).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Project(IndexedFields);
        await foreach (var face in facens.ToAsyncEnumerable().WithCancellation(cancellationToken))
            yield return IndexedFromDocument(face);
    }

    private static IndexedFacen IndexedFromDocument(BsonDocument face) =>
        new(face["_id"].AsInt64, ReadFacen(face), PersonSpaces.WithGalleries(ReadGalleries(face), Optional(face, "person_space")));

    public async Task<int> CountAsync(string gallery, long afterId, CancellationToken cancellationToken) =>
        (int)await _faces.CountDocumentsAsync(InGalleryAfter(gallery, afterId), cancellationToken: cancellationToken);

    public void Dispose() => _client.Dispose();

    private static FilterDefinition<BsonDocument> InGallery(string? gallery) => gallery is null ? Filter.Empty : Filter.Eq("galleries", gallery);

    // The faces a fill of the index reads: those of a gallery ("default" is every face) above a face id.
    private static FilterDefinition<BsonDocument> InGalleryAfter(string gallery, long afterId) =>
        InGallery(gallery == GalleryNames.Default ? null : gallery) & Filter.Gt("_id", afterId);

    // Keyset paging as in SQLite: forward reads ids below max_id newest first; back (min_id alone) reads the nearest ids
    // above min_id oldest first, then turns them round.
    private static FilterDefinition<BsonDocument> Window(string field, FacePage page) =>
        (page.MaxId is { } maxId ? Filter.Lt(field, maxId) : Filter.Empty) & (page.MinId is { } minId ? Filter.Gt(field, minId) : Filter.Empty);

    private static bool IsBackward(FacePage page) => page.MinId is not null && page.MaxId is null;

    private static SortDefinition<BsonDocument> Order(string field, FacePage page) =>
        IsBackward(page) ? Builders<BsonDocument>.Sort.Ascending(field) : Builders<BsonDocument>.Sort.Descending(field);

    private static IEnumerable<BsonDocument> NewestFirstOf(List<BsonDocument> documents, FacePage page) =>
        IsBackward(page) ? Enumerable.Reverse(documents) : documents;

    // The document keeps its facen as it always has (one document per face); what StoredFace leaves out, reads leave out too.
    internal static BsonDocument ToDocument(FaceToStore added)
    {
        var face = added.Face;
        return new()
        {
            { "_id", face.Id },
            // BSON dates keep milliseconds.
            { "created_at", face.Timestamp },
            { "photo", face.Photo },
            { "photo_hash", face.PhotoHash },
            { "thumbnail", Nullable(face.Thumbnail) },
            { "normalized", Nullable(face.Normalized) },
            { "box", new BsonArray { face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom } },
            { "meta", face.Meta },
            { "galleries", new BsonArray(GalleryNames.Named(face.Galleries)) },
            { "gender", face.Gender is { } gender ? new BsonDocument { { "gender", gender.Gender }, { "score", gender.Score } } : BsonNull.Value },
            { "age", face.Age is { } age ? new BsonDouble(age) : BsonNull.Value },
            {
                "emotions", face.Emotions is { } emotions
                    ? new BsonArray(emotions.Select(emotion => new BsonDocument { { "emotion", emotion.Emotion }, { "score", emotion.Score } }))
                    : BsonNull.Value
            },
            { "facen", new BsonBinaryData(FacenEncoding.ToBytes(added.Facen)) },
            { "facen_model", added.FacenModel },
            { "cam_id", Nullable(face.CameraId) },
            { "person_id", face.PersonId is { } person ? new BsonInt64(person) : BsonNull.Value },
            { "person_space", Nullable(face.PersonSpace) },
            { "friend", face.Friend is { } friend ? new BsonBoolean(friend) : BsonNull.Value },
            // Left out when there is none: a sparse index skips documents without the field, not those where it is null.
            { "capture_key", () => CaptureKey(face.CaptureKey!.Value), face.CaptureKey is not null },
            { "person_confidence", () => new BsonDouble(face.PersonConfidence!.Value), face.PersonConfidence is not null },
        };
    }

    internal static StoredFace FromDocument(BsonDocument face)
    {
        var box = face["box"].AsBsonArray;
        return new StoredFace(
            face["_id"].AsInt64,
            face["created_at"].ToUniversalTime(),
            face["photo"].AsString,
            face["photo_hash"].AsString,
            NullableString(face["thumbnail"]),
            NullableString(face["normalized"]),
            new Box(box[0].AsInt32, box[1].AsInt32, box[2].AsInt32, box[3].AsInt32),
            face["meta"].AsString,
            ReadGalleries(face),
            face["gender"] is BsonDocument gender ? new GenderEstimate(gender["gender"].AsString, (float)gender["score"].AsDouble) : null,
            face["age"].IsBsonNull ? null : (float)face["age"].AsDouble,
            face["emotions"] is BsonArray emotions
                ? emotions.Select(emotion => new EmotionScore(emotion["emotion"].AsString, (float)emotion["score"].AsDouble)).ToList()
                : null,
            Optional(face, "cam_id"),
            face.GetValue("person_id", BsonNull.Value) is { IsBsonNull: false } person ? person.ToInt64() : null,
            Optional(face, "person_space"),
            face.GetValue("friend", BsonNull.Value) is { IsBsonNull: false } friend ? friend.AsBoolean : null,
            face.GetValue("capture_key", BsonNull.Value) is BsonBinaryData key ? key.ToGuid() : null,
            face.GetValue("person_confidence", BsonNull.Value) is { IsBsonNull: false } confidence ? (float)confidence.ToDouble() : null);
    }

    // Documents written before persons and camera history lack these fields.
    private static string? Optional(BsonDocument face, string field) => NullableString(face.GetValue(field, BsonNull.Value));

    private static BsonBinaryData CaptureKey(Guid key) => new(key, GuidRepresentation.Standard);

    private static BsonValue Nullable(string? value) => value is null ? BsonNull.Value : new BsonString(value);

    private static string? NullableString(BsonValue value) => value.IsBsonNull ? null : value.AsString;

    private static float[] ReadFacen(BsonDocument face) => FacenEncoding.FromBytes(face["facen"].AsByteArray);

    private static IReadOnlyList<string> ReadGalleries(BsonDocument face) =>
        face["galleries"].AsBsonArray.Select(gallery => gallery.AsString).Order(StringComparer.Ordinal).ToList();

    private async Task MarkPendingAsync(IReadOnlyCollection<long> faceIds, bool enrolling, string? gallery, CancellationToken cancellationToken)
    {
        if (faceIds.Count == 0)
            return;
        // Mongo keeps milliseconds: the mark's time is rounded so that reading it back gives the same value to clear it by.
        var since = DateTime.UnixEpoch.AddMilliseconds(Math.Floor((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds));
        await _pending.BulkWriteAsync(faceIds.Select(id => new ReplaceOneModel<BsonDocument>(Filter.Eq("_id", id), new BsonDocument
            {
                { "_id", id }, { "since", since }, { "enrolling", enrolling }, { "gallery", Nullable(gallery) },
            }) { IsUpsert = true }),
            new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    private static PendingFace PendingFromDocument(BsonDocument document) => new(document["_id"].AsInt64,
        document["since"].ToUniversalTime(), document["enrolling"].AsBoolean, NullableString(document["gallery"]));
}

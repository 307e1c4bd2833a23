using Contracts.Embedding;
using Contracts.Images;
using Gateway.Storage;

namespace Gateway.FunctionalTests.Storage;

/// <summary>Faces to store and the check that one came back as it went in.</summary>
public static class StoredFaces
{
    public const string FacenModel = "fr_feature";

    // BSON dates keep milliseconds, so the faces' timestamps have none finer.
    private static readonly DateTime Timestamp = new(2026, 11, 30, 3, 4, 5, 678, DateTimeKind.Utc);

    /// <summary>A face with every optional member set.</summary>
    public static StoredFace Full(long id, string meta, IReadOnlyList<string> galleries) => Face(id, meta, galleries) with
    {
        Thumbnail = $"2026/11/30/{id}_thumb.jpeg",
        Normalized = $"2026/11/30/{id}_norm.png",
        Gender = new GenderEstimate("female", 0.93f),
        Age = 31.5f,
        Emotions = [new EmotionScore("happy", 0.8f), new EmotionScore("neutral", 0.15f)],
        CameraId = "cam1",
        PersonId = id,
        PersonSpace = "~cam1",
        Friend = true,
        CaptureKey = Guid.NewGuid(),
        PersonConfidence = 0.8125f,
    };

    /// <summary>A face captured by a camera at noon (UTC) of a day of December 2026 (day 0: 30 November), as a person's.</summary>
    public static StoredFace Event(long id, string camera, long person, int day) => Face(id, "", []) with
    {
        Timestamp = Day(day).AddHours(12),
        CameraId = camera,
        PersonId = person,
        PersonSpace = "~" + camera,
        Friend = false,
    };

    public static DateTime Day(int day) => new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc).AddDays(day);

    public static StoredFace Face(long id, string meta, IReadOnlyList<string> galleries) =>
        new(id, Timestamp, $"2026/11/30/{id}.jpeg", "0123456789abcdef0123456789abcdef", null, null, new Box(10, 20, 110, 140), meta,
            galleries, null, null, null);

    /// <summary>Each face with its own facen (<see cref="Facen"/>), as enrollment stores it.</summary>
    public static IReadOnlyList<FaceToStore> WithFacens(IEnumerable<StoredFace> faces) =>
        [.. faces.Select(face => new FaceToStore(face, Facen(face.Id), FacenModel))];

    public static FaceToStore WithFacen(StoredFace face) => WithFacens([face])[0];

    public static Task AddWithFacensAsync(this IFaceStore store, IEnumerable<StoredFace> faces, CancellationToken cancellationToken) =>
        store.AddAsync(WithFacens(faces), cancellationToken);

    public static Task<int> AddEnrolledWithFacensAsync(this IFaceStore store, IEnumerable<StoredFace> faces, CancellationToken cancellationToken) =>
        store.AddEnrolledAsync(WithFacens(faces), cancellationToken);

    // A distinct facen per id, its bits checked as they come back.
    public static float[] Facen(long id)
    {
        var random = new Random((int)(id % int.MaxValue));
        return [.. Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    public static void AssertFace(StoredFace expected, StoredFace? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(DateTimeKind.Utc, actual.Timestamp.Kind);
        Assert.Equal(expected.Photo, actual.Photo);
        Assert.Equal(expected.PhotoHash, actual.PhotoHash);
        Assert.Equal(expected.Thumbnail, actual.Thumbnail);
        Assert.Equal(expected.Normalized, actual.Normalized);
        Assert.Equal(expected.Box, actual.Box);
        Assert.Equal(expected.Meta, actual.Meta);
        Assert.Equal(expected.Galleries, actual.Galleries);
        Assert.Equal(expected.Gender, actual.Gender);
        Assert.Equal(expected.Age, actual.Age);
        Assert.Equal(expected.Emotions, actual.Emotions);
        Assert.Equal(expected.CameraId, actual.CameraId);
        Assert.Equal(expected.PersonId, actual.PersonId);
        Assert.Equal(expected.PersonSpace, actual.PersonSpace);
        Assert.Equal(expected.Friend, actual.Friend);
        Assert.Equal(expected.CaptureKey, actual.CaptureKey);
        Assert.Equal(expected.PersonConfidence, actual.PersonConfidence);
    }
}

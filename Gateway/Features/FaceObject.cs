using Workers.Index;
using System.Globalization;
using Contracts.Embedding;
using Gateway.Storage;
using Gateway.Uploads;

namespace Gateway.Features;

/// <summary>The spec's Face object (9.1.4); gender, age and emotions only in v1.</summary>
public sealed record FaceObject(
    long Id,
    string Timestamp,
    string Photo,
    string PhotoHash,
    string? Thumbnail,
    string? Normalized,
    int X1,
    int Y1,
    int X2,
    int Y2,
    string Meta,
    IReadOnlyList<string> Galleries,
    string? Gender,
    float? Age,
    IReadOnlyList<string>? Emotions)
{
    // FindFace names the leading emotions only (e.g. ["neutral", "sad"]): those at least this likely, and always the first.
    private const float NamedEmotionScore = 0.15f;

    public static FaceObject From(StoredFace face, ApiVersion version, UploadStore uploads, HttpRequest request)
    {
        var v1 = version == ApiVersion.V1;
        return new FaceObject(
            face.Id,
            face.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            uploads.UrlOf(face.Photo, request),
            face.PhotoHash,
            face.Thumbnail is { } thumbnail ? uploads.UrlOf(thumbnail, request) : null,
            face.Normalized is { } normalized ? uploads.UrlOf(normalized, request) : null,
            face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom,
            face.Meta,
            [GalleryNames.Default, .. face.Galleries],
            v1 ? face.Gender?.Gender : null,
            v1 ? face.Age : null,
            v1 ? EmotionNames(face.Emotions) : null);
    }

    public static IReadOnlyList<string>? EmotionNames(IReadOnlyList<EmotionScore>? emotions) => emotions is null
        ? null
        : emotions.Where((emotion, i) => i == 0 || emotion.Score >= NamedEmotionScore).Select(emotion => emotion.Emotion).ToList();
}

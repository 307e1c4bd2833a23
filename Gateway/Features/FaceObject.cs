using System.Globalization;
using Contracts.Embedding;
using Contracts.Index;
using Gateway.Storage;
using Gateway.Uploads;

namespace Gateway.Features;

/// <summary>The spec's Face object (9.1.4); gender, age and emotions only in v1; person_id and friend when it has them
/// (spec 8.2, 8.3), and cam_id when a camera captured it, where the spec's history results carry it (9.2.18); its timestamp is
/// then the capture's time.</summary>
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
    IReadOnlyList<string>? Emotions,
    long? PersonId,
    bool? Friend,
    string? CamId)
{
    // FindFace names the leading emotions only (e.g. ["neutral", "sad"]): those at least this likely, and always the first.
    private const float NamedEmotionScore = 0.15f;

    /// <param name="shown">v1's attributes to show (<see cref="AttributeFlags.Shown"/>): by default all the face has.</param>
    public static FaceObject From(StoredFace face, ApiVersion version, UploadStore uploads, HttpRequest request,
        FaceAttributes shown = AttributeFlags.All)
    {
        var v1 = version == ApiVersion.V1;
        return new FaceObject(
            face.Id,
            TimeText(face.Timestamp),
            uploads.UrlOf(face.Photo, request),
            face.PhotoHash,
            face.Thumbnail is { } thumbnail ? uploads.UrlOf(thumbnail, request) : null,
            face.Normalized is { } normalized ? uploads.UrlOf(normalized, request) : null,
            face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom,
            face.Meta,
            [GalleryNames.Default, .. face.Galleries],
            v1 && shown.HasFlag(FaceAttributes.Gender) ? face.Gender?.Gender : null,
            v1 && shown.HasFlag(FaceAttributes.Age) ? face.Age : null,
            v1 && shown.HasFlag(FaceAttributes.Emotions) ? EmotionNames(face.Emotions) : null,
            face.PersonId,
            face.Friend,
            face.CameraId);
    }

    /// <summary>Times as the spec writes them: "2016-06-13T11:06:42.075754", UTC.</summary>
    public static string TimeText(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static IReadOnlyList<string>? EmotionNames(IReadOnlyList<EmotionScore>? emotions) => emotions is null
        ? null
        : emotions.Where((emotion, i) => i == 0 || emotion.Score >= NamedEmotionScore).Select(emotion => emotion.Emotion).ToList();
}

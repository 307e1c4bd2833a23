using System.Text.Json.Serialization;

namespace MassEnroll.Jobs;

/// <summary>Where an image of a job stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImageState>))]
public enum ImageState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>The API's refusal of an image (its error body's <c>code</c> and <c>reason</c>), or the tool's own when the file could
/// not be read or the server not reached.</summary>
public sealed record ImageError(string Code, string Reason);

/// <summary>
/// One image of a job file: its full path, its meta string, the idempotency key its enrollment is sent with (made once, at
/// prepare, so that a run after a crash cannot enroll it twice), and its state: done with the ids of its faces, or failed.
/// </summary>
public sealed record JobImage(string Image, string Meta, string Key)
{
    public ImageState State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? FaceIds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageError? Error { get; init; }

    public JobImage Done(IReadOnlyList<long> faceIds) => this with { State = ImageState.Done, FaceIds = faceIds, Error = null };

    public JobImage Failed(ImageError error) => this with { State = ImageState.Failed, FaceIds = null, Error = error };
}

using ClaimCheck;
using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Faces;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Sagas;
using MassTransit;
using Microsoft.Extensions.Options;
using Vision.Detection;

namespace Gateway.Features.Extract;

/// <summary>
/// Runs each image of an Extraction API call through the photo saga (<see cref="PhotoJobs"/>), every face of it, described
/// if anything beyond the boxes was asked. A failure of one image is that image's error; a stage that does not answer in time
/// fails the whole call (503), as does a bus that is down.
/// </summary>
public sealed class ExtractionPipeline(PhotoJobs jobs, IImageStore images, IOptions<ExtractionOptions> extraction)
{
    // Enough to keep the stages busy while bounding the fetches and claims one call can have open.
    private const int ImagesInFlight = 16;

    public async Task<ExtractResponse> RunAsync(IReadOnlyList<ExtractionJob> jobs, CancellationToken cancellationToken)
    {
        var responses = new ImageResponse[jobs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ImagesInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count), parallel,
            async (index, token) => responses[index] = await RunAsync(jobs[index], token));
        return new ExtractResponse(responses);
    }

    private Task<ImageResponse> RunAsync(ExtractionJob job, CancellationToken cancellationToken) => jobs.RunAsync(
        new PhotoSource(job.Photo, job.PhotoUrl),
        image => new ProcessPhoto(NewId.NextGuid(), image, null, FaceSelector.All, job.Wanted, null, null, job.Roi, job.Detector, job.AutoRotate),
        result => ToResponseAsync(result, cancellationToken),
        rejected => rejected.Code switch
        {
            ProcessPhotoRejected.StageTimedOut => throw new ApiException(ApiError.ServiceUnavailable(rejected.Reason)),
            ProcessPhotoRejected.StageFailed => ImageResponse.Failed(ErrorCodes.ExtractionFailed, "A pipeline stage failed on this image."),
            _ => ImageResponse.Failed(rejected.Code, rejected.Reason),
        },
        cancellationToken);

    private async Task<ImageResponse> ToResponseAsync(ProcessPhotoResult result, CancellationToken cancellationToken)
    {
        var faces = new List<FaceResponse>(result.Faces.Count);
        foreach (var face in result.Faces)
        {
            var normalized = face.Description?.Normalized is { } png ? await images.GetAsync(png, cancellationToken) : null;
            var score = extraction.Value.QualityEstimator
                ? (float)FaceQuality.Of(face.Detected, result.Width, result.Height).Score
                : face.Detected.Score;
            faces.Add(ToFace(face.Detected, score, face.Description, normalized));
        }
        return new ImageResponse(faces);
    }

    private static FaceResponse ToFace(DetectedFace face, float detectionScore, FaceDescription? description, byte[]? normalizedPng) => new(
        new Rect(face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom),
        detectionScore,
        description?.Facen is { } facen ? FacenEncoding.ToBase64(facen) : null,
        description?.Gender is { } gender ? new GenderResponse(gender.Gender.ToUpperInvariant(), gender.Score) : null,
        description?.Age,
        description?.Emotions?.Select(emotion => new EmotionResponse(emotion.Emotion, emotion.Score)).ToList(),
        normalizedPng is null ? null : Convert.ToBase64String(normalizedPng));
}

using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Photos;
using Gateway.Sagas;
using MassTransit;
using Microsoft.Extensions.Options;
using Vision.ClaimCheck;
using Vision.Detection;

namespace Gateway.Features.Extract;

/// <summary>
/// Runs each image of an Extraction API call through the pipeline: fetch if need be, claim check, detect,
/// then describe the faces if anything beyond the boxes was asked. A failure of one image is that image's
/// error; a stage that does not answer in time fails the whole call (<see cref="RequestTimeoutException"/>, 503).
/// </summary>
public sealed class ExtractionPipeline(
    IImageStore images,
    IRequestClient<DetectFaces> detect,
    IRequestClient<ExtractFacens> describe,
    PhotoFetcher fetcher,
    IOptions<PipelineOptions> options,
    IOptions<ExtractionOptions> extraction,
    ILogger<ExtractionPipeline> logger)
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

    private async Task<ImageResponse> RunAsync(ExtractionJob job, CancellationToken cancellationToken)
    {
        byte[] photo;
        try
        {
            photo = job.Photo ?? await fetcher.FetchAsync(job.PhotoUrl!, cancellationToken);
        }
        catch (PhotoFetchException exception)
        {
            return ImageResponse.Failed(exception.Code, exception.Message);
        }

        var claims = new List<ImageRef>();
        try
        {
            var image = await images.PutNewAsync(photo, cancellationToken);
            claims.Add(image);
            return await DetectAndDescribeAsync(image, job, claims, cancellationToken);
        }
        catch (RequestFaultException exception)
        {
            logger.LogError(exception, "A pipeline stage failed on an image");
            return ImageResponse.Failed(ErrorCodes.ExtractionFailed, "A pipeline stage failed on this image.");
        }
        finally
        {
            await images.DeleteAllAsync(claims, logger);
        }
    }

    private async Task<ImageResponse> DetectAndDescribeAsync(
        ImageRef image, ExtractionJob job, List<ImageRef> claims, CancellationToken cancellationToken)
    {
        var timeout = RequestTimeout.After(ms: (int)options.Value.StageTimeout.TotalMilliseconds);

        var detected = await detect.GetResponse<DetectFacesResult, ImageRejected>(
            new DetectFaces(image, job.Roi, job.Detector, job.AutoRotate), cancellationToken, timeout);
        if (detected.Message is ImageRejected detectRejected)
            return ImageResponse.Failed(detectRejected.Code, detectRejected.Reason);
        var found = (DetectFacesResult)detected.Message;
        var faces = found.Faces;
        if (found.Dropped > 0)
            return ImageResponse.Failed(ProcessPhotoRejected.OverFaceLimit,
                $"The image holds {faces.Count + found.Dropped} faces, more than the {faces.Count} this server describes (Nnd:MaxFaces).");
        float ScoreOf(DetectedFace face) =>
            extraction.Value.QualityEstimator ? (float)FaceQuality.Of(face, found.Width, found.Height).Score : face.Score;
        if (job.Wanted == FaceAttributes.None || faces.Count == 0)
            return new ImageResponse(faces.Select(face => ToFace(face, ScoreOf(face), null, null)).ToList());

        var described = await describe.GetResponse<ExtractFacensResult, ImageRejected>(
            new ExtractFacens(image, faces, job.Wanted), cancellationToken, timeout);
        if (described.Message is ImageRejected describeRejected)
            return ImageResponse.Failed(describeRejected.Code, describeRejected.Reason);
        var descriptions = ((ExtractFacensResult)described.Message).Faces;
        claims.AddRange(descriptions.SelectMany(d => new[] { d.Normalized, d.Thumbnail }).OfType<ImageRef>());

        var result = new List<FaceResponse>(faces.Count);
        for (var i = 0; i < faces.Count; i++)
        {
            var normalized = descriptions[i].Normalized is { } png ? await images.GetAsync(png, cancellationToken) : null;
            result.Add(ToFace(faces[i], ScoreOf(faces[i]), descriptions[i], normalized));
        }
        return new ImageResponse(result);
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

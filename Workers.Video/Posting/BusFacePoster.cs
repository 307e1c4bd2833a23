using ClaimCheck;
using Contracts.Faces;
using MassTransit;
using Microsoft.Extensions.Logging;
using Workers.Video.Configuration;

namespace Workers.Video.Posting;

/// <summary>Hands each face to the pipeline over the bus (cluster mode, <c>Deployment=Cluster</c>): the frame goes to the
/// shared claim store, a <see cref="CaptureFace"/> to whichever gateway takes it, which enrolls it as <c>POST /face</c> would;
/// the answer is awaited for <c>req-timeout</c>. Of the <c>body</c> fields, <c>meta</c> and <c>galleries</c> are carried.</summary>
public sealed class BusFacePoster : IFacePoster
{
    /// <summary>The <c>body</c> fields an enrollment takes; the others (<c>mf_selector</c>, <c>gender</c>...) change nothing
    /// for a face given by its box, over HTTP either.</summary>
    private static readonly string[] CarriedFields = ["meta", "galleries"];

    private readonly IImageStore _images;
    private readonly IRequestClient<CaptureFace> _client;
    private readonly VideoOptions _options;
    private readonly ILogger<BusFacePoster> _logger;
    private readonly string _meta;
    private readonly IReadOnlyList<string> _galleries;

    public BusFacePoster(IImageStore images, IClientFactory clients, VideoOptions options, ILogger<BusFacePoster> logger)
    {
        (_images, _options, _logger) = (images, options, logger);
        _client = clients.CreateRequestClient<CaptureFace>(RequestTimeout.After(ms: (int)options.ReqTimeout.TotalMilliseconds));
        _meta = options.Body.LastOrDefault(field => field.Key == "meta").Value ?? "";
        // Each field one gallery (--body galleries=a --body galleries=b), as the API reads repeated form fields.
        _galleries = options.Body.Where(field => field.Key == "galleries").Select(field => field.Value).ToList();
        foreach (var name in options.Body.Select(field => field.Key).Distinct().Except(CarriedFields))
            logger.LogWarning("Body field {Field} is not carried over the bus", name);
    }

    public async Task<bool> PostAsync(FacePost face, CancellationToken cancellationToken)
    {
        try
        {
            // The gateway that takes the face removes its frame; a frame nobody took in time is swept after Storage:ClaimTtl.
            var photo = await _images.PutNewAsync(face.Photo, cancellationToken);
            var capture = new CaptureFace(photo, face.Box, face.CameraId, _options.StartTs ? face.Timestamp.UtcDateTime : null,
                face.Quality.Score, face.Quality.DirectionScore, _meta, _galleries, NewId.NextGuid());
            // A face still queued when the detector stops waiting (no gateway took it in time) expires rather than being
            // enrolled after it was counted as failed.
            var response = await _client.GetResponse<CaptureFaceResult, CaptureFaceRejected>(capture,
                request => request.TimeToLive = _options.ReqTimeout, cancellationToken);
            if (response.Message is not CaptureFaceRejected rejected)
                return true;
            _logger.LogWarning("Camera {Camera}: the face was refused: {Code} {Param}: {Reason}", face.CameraId, rejected.Code,
                rejected.Param, rejected.Reason);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A broker that cannot be reached, a gateway that failed, no answer in time, a claims folder that cannot be written.
            _logger.LogWarning("Camera {Camera}: handing the face to the bus failed: {Error}", face.CameraId,
                e is RequestTimeoutException ? $"no answer within {_options.ReqTimeout.TotalSeconds} s" : e.Message);
        }
        return false;
    }
}

using ClaimCheck;
using Contracts.Faces;
using FluentValidation;
using Gateway.Errors;
using Gateway.Http;
using MassTransit;

namespace Gateway.Features.Face;

/// <summary>
/// Enrolls a face the video detector captured over the bus (cluster mode), as <c>POST /face</c> would enroll its post: the
/// same validation, person identification and photo saga (<see cref="EnrollHandler"/>), the saga on this gateway's own
/// endpoint. A capture handed again (a redelivery) is answered with the face it made. Refusals are answered as the API's errors;
/// the frame's claim is removed before the answer.
/// </summary>
public sealed class CaptureFaceConsumer(EnrollHandler enroll, IValidator<EnrollRequest> validator, IImageStore images, ILogger<CaptureFaceConsumer> logger)
    : IConsumer<CaptureFace>
{
    public async Task Consume(ConsumeContext<CaptureFace> context)
    {
        var capture = context.Message;
        object answer;
        try
        {
            answer = await EnrollAsync(capture, context.CancellationToken);
        }
        finally
        {
            // Before the answer: once a detector has its answer, nothing of its face is left in the claims folder.
            await images.DeleteAllAsync([capture.Photo], logger);
        }
        await context.RespondAsync(answer);
    }

    /// <returns>A <see cref="CaptureFaceResult"/>, or a <see cref="CaptureFaceRejected"/> with the API's error.</returns>
    private async Task<object> EnrollAsync(CaptureFace capture, CancellationToken cancellationToken)
    {
        var request = new EnrollRequest(new PhotoSource(null, null, capture.Photo), capture.Meta, [capture.Box], FaceSelector.Biggest,
            capture.Galleries, capture.CameraId, capture.Timestamp,
            // A detector older than capture keys sends none (an empty Guid): its captures are enrolled as they come.
            capture.CaptureKey == Guid.Empty ? null : capture.CaptureKey);
        try
        {
            await validator.ValidateOrThrowAsync(request, cancellationToken);
            var face = (await enroll.EnrollAsync(request, cancellationToken))[0];
            logger.LogDebug("Camera {Camera}: face {Face} (score {Score:F2}, direction {Direction:F2}) enrolled as person {Person}",
                capture.CameraId, face.Id, capture.Score, capture.DirectionScore, face.PersonId);
            return new CaptureFaceResult(face.Id, face.PersonId);
        }
        catch (ApiException refused)
        {
            return new CaptureFaceRejected(refused.Error.Code, refused.Error.Reason, refused.Error.Param);
        }
        catch (RequestTimeoutException)
        {
            // As the API's 503: the saga did not answer in time (what else fails faults the request and is logged).
            return new CaptureFaceRejected(ErrorCodes.ServiceUnavailable, "A pipeline stage did not answer in time.", null);
        }
    }
}

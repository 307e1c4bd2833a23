namespace Workers.Video.Posting;

/// <summary>Delivers chosen faces: over FindFace's REST API (<see cref="HttpFacePoster"/>), or over the bus to the gateways in
/// cluster mode (<see cref="BusFacePoster"/>).</summary>
public interface IFacePoster
{
    /// <summary>True when the receiver accepted the face; failures are logged, never thrown, so a stream goes on.</summary>
    Task<bool> PostAsync(FacePost face, CancellationToken cancellationToken);
}

namespace Workers.Video.Posting;

/// <summary>Delivers chosen faces: over FindFace's REST API today (<see cref="HttpFacePoster"/>), a bus publisher may take its place.</summary>
public interface IFacePoster
{
    /// <summary>True when the receiver accepted the face; failures are logged, never thrown, so a stream goes on.</summary>
    Task<bool> PostAsync(FacePost face, CancellationToken cancellationToken);
}

namespace Workers.Video.Cameras;

/// <summary>Where the streams to watch come from: the command line (<see cref="ConfiguredCameraList"/>), or with
/// <c>detector-name</c> the server's <c>/camera</c> API (<see cref="ServerCameraList"/>), read again every
/// <c>reload-timeout</c> unless <c>single-pass</c> is set.</summary>
public interface ICameraList
{
    /// <summary>False when the list can never change, so the detector may stop once every stream has ended.</summary>
    bool CanChange { get; }

    Task<IReadOnlyList<Camera>> GetAsync(CancellationToken cancellationToken);
}

namespace Workers.Video.Cameras;

/// <summary>Cameras given up front: <c>camid</c> and <c>source</c> from the options (tests give several).</summary>
public sealed class ConfiguredCameraList(IReadOnlyList<Camera> cameras) : ICameraList
{
    public bool CanChange => false;

    public Task<IReadOnlyList<Camera>> GetAsync(CancellationToken cancellationToken) => Task.FromResult(cameras);
}

using System.Net.Http.Json;
using Contracts.Images;
using Workers.Video.Configuration;

namespace Workers.Video.Cameras;

/// <summary>The cameras FindFace Server keeps for this detector (spec 5.1.4): <c>GET &lt;camera-url&gt;?detector=&lt;detector-name&gt;</c>
/// on the API host (<see cref="ServerApi"/>'s client). Each camera's id is its <c>cam_id</c>; its <c>rot</c>/<c>roi</c> ([W, H, X, Y]) replace the options'.</summary>
public sealed class ServerCameraList(HttpClient http, VideoOptions options) : ICameraList
{
    private sealed record CameraView(string Id, string? Url, int[]? Rot, int[]? Roi);

    private readonly Uri _listUri = http.Resolve($"{options.CameraUrl}?detector={Uri.EscapeDataString(options.DetectorName)}");

    public bool CanChange => true;

    /// <exception cref="HttpRequestException">The server refused or could not be reached (the supervisor keeps its current cameras).</exception>
    public async Task<IReadOnlyList<Camera>> GetAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(_listUri, cancellationToken);
        response.EnsureSuccessStatusCode();
        var cameras = await response.Content.ReadFromJsonAsync<List<CameraView>>(cancellationToken) ?? [];
        return [.. cameras.Where(c => !string.IsNullOrEmpty(c.Url)).Select(c => new Camera(c.Id, c.Url!, options.SourceParams, Region(c.Rot), Region(c.Roi)))];
    }

    private static Box? Region(int[]? whxy) => whxy is [var w, var h, var x, var y] ? new Box(x, y, x + w, y + h) : null;
}

using System.Net.Http.Json;
using Contracts.Images;
using Microsoft.Extensions.Logging;
using Security.Cameras;
using Workers.Video.Configuration;

namespace Workers.Video.Cameras;

/// <summary>The cameras FindFace Server keeps for this detector (spec 5.1.4): <c>GET &lt;camera-url&gt;?detector=&lt;detector-name&gt;</c>
/// on the API host (<see cref="ServerApi"/>'s client). Each camera's id is its <c>cam_id</c>; its <c>rot</c>/<c>roi</c> ([W, H, X, Y]) replace the options'.
/// Any token holder may register a camera, so each URL passes the <see cref="CameraUrlPolicy"/> again here (the server
/// may be another one, or older) and is read with the ffmpeg options the policy gives it.</summary>
public sealed class ServerCameraList(HttpClient http, VideoOptions options, CameraUrlPolicy policy, ILogger<ServerCameraList> logger) : ICameraList
{
    private sealed record CameraView(string Id, string? Url, int[]? Rot, int[]? Roi);

    // Our server hides camera passwords in listings unless asked; FindFace's ignores the parameter.
    private readonly Uri _listUri = http.Resolve($"{options.CameraUrl}?detector={Uri.EscapeDataString(options.DetectorName)}&credentials=true");

    public bool CanChange => true;

    /// <exception cref="HttpRequestException">The server refused or could not be reached (the supervisor keeps its current cameras).</exception>
    public async Task<IReadOnlyList<Camera>> GetAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(_listUri, cancellationToken);
        response.EnsureSuccessStatusCode();
        var cameras = await response.Content.ReadFromJsonAsync<List<CameraView>>(cancellationToken) ?? [];
        var allowed = new List<Camera>();
        foreach (var camera in cameras.Where(c => !string.IsNullOrEmpty(c.Url)))
        {
            var check = await policy.CheckAsync(camera.Url!, cancellationToken);
            if (check.IsAllowed)
                allowed.Add(new Camera(camera.Id, camera.Url!, [.. options.SourceParams, .. check.InputOptions], Region(camera.Rot), Region(camera.Roi)));
            else
                logger.LogWarning("Camera {Camera} ({Url}) is not watched: {Refusal}", camera.Id, CameraUrls.Redact(camera.Url!), check.Refusal);
        }
        return allowed;
    }

    private static Box? Region(int[]? whxy) => whxy is [var w, var h, var x, var y] ? new Box(x, y, x + w, y + h) : null;
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Contracts.Images;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Video.Tests.Support;

/// <summary>A real HTTP server on loopback that records what the detector posts, as FindFace's API would receive it.</summary>
public sealed class FaceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedFace> _faces = new();

    private FaceReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();
    public int Port => new Uri(Url).Port;
    public IReadOnlyList<ReceivedFace> Faces => [.. _faces];

    public static async Task<FaceReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new FaceReceiver(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.Single();
            using var photo = new MemoryStream();
            await file.CopyToAsync(photo);
            receiver._faces.Enqueue(new ReceivedFace(request.Path, request.Headers.Authorization.ToString(),
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                form.ToDictionary(f => f.Key, f => f.Value.ToString()), file.Name, file.ContentType, photo.ToArray()));
            return Results.Ok(new { results = Array.Empty<object>() });
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the faces received so far.</summary>
    public async Task<IReadOnlyList<ReceivedFace>> WaitUntilAsync(Func<IReadOnlyList<ReceivedFace>, bool> done, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (!done(Faces))
        {
            if (expiry.IsCancellationRequested)
                throw new TimeoutException($"The faces expected did not arrive within {timeout.TotalSeconds} s; {Faces.Count} did.");
            await Task.Delay(50);
        }
        return Faces;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One face post as received.</summary>
public sealed record ReceivedFace(string Path, string Authorization, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Fields, string PhotoField, string? PhotoType, byte[] Photo)
{
    public string CamId => Fields["cam_id"];

    public Box Box
    {
        get
        {
            var boxes = JsonSerializer.Deserialize<int[][]>(Fields["bbox"])!;
            var box = Assert.Single(boxes);
            return new Box(box[0], box[1], box[2], box[3]);
        }
    }

    public double CentreX => (Box.Left + Box.Right) / 2.0;

    public double Score => DetectorParam("score");
    public double DirectionScore => DetectorParam("direction_score");

    public DateTime Timestamp => DateTime.ParseExact(Fields["timestamp"], "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private double DetectorParam(string name) => JsonDocument.Parse(Fields["detectorParams"]).RootElement.GetProperty(name).GetDouble();
}

using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Benchmarks.Index;
using Benchmarks.Support;
using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Index;
using Microsoft.Extensions.DependencyInjection;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;
using Workers.Index;

namespace Benchmarks.Features.FindFace;

/// <summary>
/// One portrait enrolled (<c>POST /v0/face</c>) and identified (<c>POST /v0/identify</c>) over HTTP through the whole
/// standalone app, against the face engine doing the same work on the same photo in the same app (decode, detect,
/// describe). The Ratio column of each API row is its cost over the engine's (target: 1.2 or less). The default gallery
/// holds <see cref="GallerySize"/> synthetic faces besides the enrolled ones, so identify's rows show the search's cost too.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FindFaceApiBenchmarks
{
    private const string Identify = "identify";
    private const string Enroll = "enroll";

    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;
    private byte[] _photo = null!;
    private EngineCall _engine = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int GallerySize { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _gateway = new GatewayHost();
        _client = _gateway.CreateAuthorizedClient();
        _photo = Photos.Read(Photos.Portrait);
        var services = _gateway.Services;
        _engine = new EngineCall(services);

        // Synthetic faces go straight into the index (ids far below real ones); identify reads only its matches from the store.
        var index = services.GetRequiredService<IFaceIndex>();
        var random = new Random(1);
        foreach (var batch in Enumerable.Range(1, GallerySize).Chunk(4096))
            await index.AddAsync([.. batch.Select(id => new IndexedFacen(id, SyntheticFaces.Facen(random), []))]);

        // Checks the answers once, outside the measurements.
        await EnrollApi();
        var identified = await IdentifyApi();
        if (!identified.Contains("\"confidence\"", StringComparison.Ordinal))
            throw new InvalidOperationException($"Identify found nothing: {identified}");
    }

    [BenchmarkCategory(Identify), Benchmark(Baseline = true, Description = "engine: decode, detect, facen")]
    public Task<DescribedFace[]> IdentifyEngine() => _engine.RunAsync(_photo, EngineCall.Identify);

    [BenchmarkCategory(Identify), Benchmark(Description = "POST /v0/identify")]
    public Task<string> IdentifyApi() => PostAsync("/v0/identify");

    [BenchmarkCategory(Enroll), Benchmark(Baseline = true, Description = "engine: decode, detect, facen, gender/age/emotions, images")]
    public Task<DescribedFace[]> EnrollEngine() => _engine.RunAsync(_photo, EngineCall.Enroll);

    [BenchmarkCategory(Enroll), Benchmark(Description = "POST /v0/face")]
    public Task<string> EnrollApi() => PostAsync("/v0/face");

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    private async Task<string> PostAsync(string path)
    {
        using var photo = new ByteArrayContent(_photo);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { photo, "photo", "photo.jpg" } };
        using var response = await _client.PostAsync(path, form);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}

using Contracts.Images;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.FunctionalTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class Pagination_Specs(GatewayFactory gateway)
{
    private readonly string _gallery = Form.NewGallery();

    [Fact]
    public async Task Should_return_each_face_exactly_once_walking_forward_and_back()
    {
        using var client = gateway.CreateAuthorizedClient();
        var ids = await SeedAsync(250);

        var forward = await WalkAsync(client, $"/v0/faces/gallery/{_gallery}/?limit=40", "next_page");
        Assert.Equal(ids.OrderDescending(), forward.SelectMany(page => page));
        Assert.Equal(7, forward.Count);

        // Back from the last page: prev_page links lead to the first page again.
        var lastPage = $"/v0/faces/gallery/{_gallery}/?max_id={forward[^2][^1]}&limit=40";
        var backward = await WalkAsync(client, lastPage, "prev_page");
        Assert.Equal(ids.OrderDescending(), backward.AsEnumerable().Reverse().SelectMany(page => page));
    }

    [Fact]
    public async Task Should_keep_pages_stable_while_faces_are_added_and_deleted()
    {
        using var client = gateway.CreateAuthorizedClient();
        var ids = await SeedAsync(120);
        var store = gateway.Services.GetRequiredService<IFaceStore>();

        var seen = new List<long>();
        var deleted = new HashSet<long>();
        string? next = $"/v0/faces/gallery/{_gallery}?limit=25";
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            var json = await response.JsonAsync();
            seen.AddRange(json.GetProperty("results").Ids());
            next = json.GetProperty("next_page").GetString();
            // Between pages: a newer face arrives, and one not seen yet goes.
            await SeedAsync(1);
            var unseen = ids.Except(seen).Except(deleted).FirstOrDefault();
            if (unseen != 0 && deleted.Add(unseen))
                await store.DeleteAsync(unseen, CancellationToken.None);
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(ids.Except(deleted).OrderDescending(), seen);
    }

    private async Task<List<List<long>>> WalkAsync(HttpClient client, string first, string link)
    {
        var pages = new List<List<long>>();
        string? page = first;
        while (page is not null)
        {
            using var response = await client.GetAsync(page);
            var json = await response.JsonAsync();
            pages.Add(json.GetProperty("results").Ids().ToList());
            page = json.GetProperty(link).GetString();
            Assert.True(pages.Count < 100, "the walk ends");
        }
        return pages;
    }

    // The listing is the store's; faces are written to it directly so that hundreds need no photos.
    private async Task<List<long>> SeedAsync(int count)
    {
        var store = gateway.Services.GetRequiredService<IFaceStore>();
        var faceIds = gateway.Services.GetRequiredService<FaceIds>();
        await store.CreateGalleryAsync(_gallery, CancellationToken.None);
        var facen = new float[512];
        facen[0] = 1;
        var faces = Enumerable.Range(0, count).Select(i => new FaceToStore(new StoredFace(faceIds.Next(), DateTime.UtcNow, "seed.jpeg",
            new string('0', 32), null, null, new Box(0, 0, 50, 50), $"seed {i}", [_gallery], null, null, null), facen, "seed")).ToList();
        await store.AddAsync(faces, CancellationToken.None);
        return faces.Select(face => face.Face.Id).ToList();
    }
}

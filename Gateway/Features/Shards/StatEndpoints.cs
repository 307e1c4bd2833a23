using Contracts.Index;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Index;
using Gateway.Storage;

namespace Gateway.Features.Shards;

/// <summary>
/// Shard galleries statistics (spec 8.6): <c>GET /stat/list/:start/:limit</c> and <c>GET /stat/info/:name</c>, summed over the
/// index shards that answered, each shard listed with its status. Galleries are numbered from 1 in name order, "default" first;
/// created galleries without faces count 0.
/// </summary>
public static class StatEndpoints
{
    public const string Up = "up";
    public const string Down = "down";

    public static void MapStat(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stat/list/{start}/{limit}", async (string start, string limit, FaceIndexClient index, IFaceStore store,
            CancellationToken cancellationToken) =>
        {
            var first = PathNumbers.Integer("start", start, 0, int.MaxValue);
            var most = PathNumbers.Integer("limit", limit, 1, FacenapiOptions.MaxPageSize);
            var (shards, galleries) = await ReadAsync(index, store, cancellationToken);
            var listed = galleries.Where(gallery => gallery.Id >= first).Take((int)most).Select(gallery =>
            {
                var (linear, indexed) = Faces(gallery.Name, shards);
                return new StatGallery(indexed, gallery.Id, 0, gallery.Name, linear);
            }).ToList();
            return TypedResults.Ok(new StatGalleryList(listed, galleries.Count, [.. shards.Select(shard => View(shard, GalleryNames.Default))]));
        });

        api.MapGet("/stat/info/{name}", async (string name, FaceIndexClient index, IFaceStore store, CancellationToken cancellationToken) =>
        {
            var gallery = GalleryRoutes.CheckName(name, "name");
            var (shards, galleries) = await ReadAsync(index, store, cancellationToken);
            var id = galleries.Where(numbered => numbered.Name == gallery).Select(numbered => numbered.Id).FirstOrDefault();
            if (id == 0)
                throw new ApiException(ApiError.NotFound($"There is no gallery named {gallery}."));
            var (linear, indexed) = Faces(gallery, shards);
            var set = shards.SelectMany(shard => shard.Galleries).FirstOrDefault(g => g.Name == gallery);
            // Redis keeps its index in memory: no index file, loaded whenever a shard answers.
            var loaded = shards.Any(shard => shard.Up && shard.Space == IndexSpaces.Indexed);
            return TypedResults.Ok(new StatGalleryInfo(indexed, 0, "none", loaded, 0, linear, id, gallery, 0, set?.Dimension, set?.Quantisation,
                [.. shards.Select(shard => View(shard, gallery))]));
        });
    }

    /// <summary>The shards' statistics, and every gallery, created or holding faces, numbered from 1: "default" first, the rest
    /// in ordinal order.</summary>
    private static async Task<(IReadOnlyList<ShardStats> Shards, List<(int Id, string Name)> Galleries)> ReadAsync(
        FaceIndexClient index, IFaceStore store, CancellationToken cancellationToken)
    {
        var shards = await index.StatsAsync(cancellationToken);
        var names = (await store.ListGalleriesAsync(cancellationToken)).Concat(shards.SelectMany(shard => shard.Galleries).Select(g => g.Name))
            .Append(GalleryNames.Default).Distinct().OrderBy(name => name != GalleryNames.Default).ThenBy(name => name, StringComparer.Ordinal);
        return (shards, [.. names.Select((name, i) => (i + 1, name))]);
    }

    /// <summary>A gallery's faces on the shards that answered, in the space each shard keeps them in.</summary>
    private static (long Linear, long Indexed) Faces(string gallery, IReadOnlyList<ShardStats> shards)
    {
        long In(string space) => shards.Where(shard => shard.Space == space)
            .SelectMany(shard => shard.Galleries).Where(g => g.Name == gallery).Sum(g => g.Faces);
        return (In(IndexSpaces.Linear), In(IndexSpaces.Indexed));
    }

    private static StatShard View(ShardStats shard, string gallery) => new(shard.Endpoint, shard.Up ? Up : Down,
        shard.Up ? shard.Galleries.Where(g => g.Name == gallery).Sum(g => g.Faces) : null);
}

/// <summary>Spec 8.6.1's answer, and the shards it was summed over.</summary>
public sealed record StatGalleryList(IReadOnlyList<StatGallery> Galleries, int Total, IReadOnlyList<StatShard> Shards);

/// <summary>One gallery of spec 8.6.1: faces in each of FindFace's spaces (ours have no preindex space).</summary>
public sealed record StatGallery(long CntIndexed, int Id, long CntPreindex, string Name, long CntLinear);

/// <summary>Spec 8.6.2's answer (but <c>cptr</c>, a Tarantool memory address), with the facen length and storage of the gallery
/// and its faces on each shard.</summary>
public sealed record StatGalleryInfo(
    long CntIndexed,
    long CntPreindexDeleted,
    string IndexFile,
    bool IndexLoaded,
    long CntPreindex,
    long CntLinear,
    int Id,
    string Name,
    long CntIndexedDeleted,
    int? Dimension,
    string? Quantisation,
    IReadOnlyList<StatShard> Shards);

/// <summary>One index shard: its address, "up" or "down", and its faces of the gallery counted (every face, in a list); none when down.</summary>
public sealed record StatShard(string Endpoint, string Status, long? Faces);

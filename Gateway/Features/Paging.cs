using System.Reflection;
using System.Text.Json.Serialization;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gateway.Features;

/// <summary>One page of a listing (spec 9.1.8): links to the neighbouring pages as path and query, null at either end.</summary>
public sealed record Page<T>(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextPage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PrevPage,
    IReadOnlyList<T> Results);

/// <summary>A page that links only the next one, left out at the end: history and persons (spec 9.2.18).</summary>
public sealed record ForwardPage<T>(string? NextPage, IReadOnlyList<T> Results);

/// <summary>The page a listing asks for (spec 9.1.8): <c>max_id</c>, <c>min_id</c> and <c>limit</c>, wherever they were sent.</summary>
public sealed record PageRequest(FacePage Page) : IApiRequest<PageRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("max_id", FieldType.Integer, "Only items with a smaller id: the next (older) page."),
        new("min_id", FieldType.Integer, "Only items with a larger id: the previous (newer) page."),
        new("limit", FieldType.Integer, $"Results per page, from 1 to {FacenapiOptions.MaxPageSize}; Facenapi:PageSize when absent."),
    ];

    public static async ValueTask<PageRequest?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        new(Paging.Read(await ApiParameters.ReadAsync(context), context.RequestServices.GetRequiredService<IOptions<FacenapiOptions>>().Value));
}

/// <summary>
/// Keyset pagination over ids, newest first: <c>max_id</c> pages forward (older), <c>min_id</c> back (newer),
/// <c>limit</c> sets the page size. One extra item is read to know whether another page follows.
/// </summary>
public static class Paging
{
    /// <param name="unlimited">For history (spec 9.2.18), where <c>limit</c> 0, the default, asks for everything: pages
    /// are then as long as allowed.</param>
    /// <exception cref="ApiException">BAD_PARAM for a limit out of range.</exception>
    public static FacePage Read(ApiParameters parameters, FacenapiOptions options, bool unlimited = false)
    {
        var limit = parameters.Integer("limit") ?? (unlimited ? 0 : options.PageSize);
        if (unlimited && limit == 0)
            limit = FacenapiOptions.MaxPageSize;
        if (limit is < 1 or > FacenapiOptions.MaxPageSize)
            throw new ApiException(ApiError.BadParam("limit", parameters.Raw("limit"), $"limit must be from 1 to {FacenapiOptions.MaxPageSize}."));
        return new FacePage(parameters.Integer("max_id"), parameters.Integer("min_id"), (int)limit + 1);
    }

    /// <summary>Answers a listing request: checks the gallery of the path, reads the page asked for and links its neighbours.</summary>
    public static async Task<Ok<Page<TView>>> ListAsync<TItem, TView>(HttpRequest http, IFaceStore store, PageRequest page, string? gallery,
        Func<string?, FacePage, Task<IReadOnlyList<TItem>>> read, Func<TItem, long> idOf, Func<TItem, TView> view, CancellationToken cancellationToken)
    {
        gallery = await GalleryRoutes.EnsureExistsAsync(store, gallery, cancellationToken);
        return TypedResults.Ok(Build(http, page.Page, await read(gallery, page.Page), idOf, view));
    }

    /// <summary><see cref="Build"/>'s page as one that links only the next page.</summary>
    public static ForwardPage<TView> BuildForward<TItem, TView>(
        HttpRequest request, FacePage asked, IReadOnlyList<TItem> items, Func<TItem, long> idOf, Func<TItem, TView> view)
    {
        var page = Build(request, asked, items, idOf, view);
        return new ForwardPage<TView>(page.NextPage, page.Results);
    }

    private static Page<TView> Build<TItem, TView>(
        HttpRequest request, FacePage asked, IReadOnlyList<TItem> items, Func<TItem, long> idOf, Func<TItem, TView> view)
    {
        var limit = asked.Limit - 1;
        var backward = asked.MinId is not null && asked.MaxId is null;
        var more = items.Count > limit;
        // The extra item is the oldest when paging forward and the newest when paging back.
        var page = more ? (backward ? items.Skip(1) : items.Take(limit)).ToList() : items.ToList();

        string? next, prev;
        if (backward)
        {
            prev = more ? Link(request, "min_id", idOf(page[0])) : null;
            next = page.Count > 0 ? Link(request, "max_id", idOf(page[^1])) : null;
        }
        else
        {
            next = more ? Link(request, "max_id", idOf(page[^1])) : null;
            prev = asked.MaxId is not null && page.Count > 0 ? Link(request, "min_id", idOf(page[0])) : null;
        }
        return new Page<TView>(next, prev, page.Select(view).ToList());
    }

    private static string Link(HttpRequest request, string key, long id)
    {
        var query = $"?{key}={id}";
        if (request.Query.TryGetValue("limit", out var limit))
            query += $"&limit={Uri.EscapeDataString(limit.ToString())}";
        return $"{request.PathBase}{request.Path}{query}";
    }
}

using Contracts.Index;
using Gateway.Errors;
using Gateway.Index;
using Gateway.Http;
using Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using FluentValidation;
using System.Reflection;

namespace Gateway.Features.Galleries;

/// <summary><c>GET /galleries</c>, <c>POST</c> and <c>DELETE /galleries/&lt;gallery&gt;</c> (spec 9.2.12-9.2.14, 9.3), and FindFace's
/// cloud API's <c>POST /galleries</c> with the name in the body.</summary>
public static class GalleriesEndpoints
{
    private const string CreateDescription = "Spec 9.2.13. A gallery that exists already, `default` included, is 409 CONFLICT.";

    // Faces of a deleted gallery per index request.
    private const int SettledPerRequest = 1024;

    public static void MapGalleries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/galleries", async (IFaceStore store, CancellationToken cancellationToken) =>
                TypedResults.Ok(new GalleryList([GalleryNames.Default, .. await store.ListGalleriesAsync(cancellationToken)])))
            .WithSummary("List the galleries").WithDescription($"Spec 9.2.12. `{GalleryNames.Default}` first.");

        api.MapPost("/galleries/{gallery}", (string gallery, IFaceStore store, CancellationToken cancellationToken) =>
                CreateAsync(GalleryRoutes.CheckName(gallery), store, cancellationToken))
            .WithSummary("Create a gallery").WithDescription(CreateDescription);

        // FindFace's cloud API (the v0 the SDK's v0 comes from), which clients still call: the name in the body.
        api.MapPost("/galleries", (NewGallery gallery, IFaceStore store, CancellationToken cancellationToken) =>
                CreateAsync(GalleryRoutes.CheckName(gallery.Name!, NewGallery.NameParam), store, cancellationToken))
            .WithSummary("Create a gallery")
            .WithDescription("An alias from FindFace's cloud API, beyond the SDK's spec, for clients written for it: " +
                             "POST /galleries/{gallery} with the name in the body. " + CreateDescription);

        api.MapDelete("/galleries/{gallery}", DeleteAsync).WithSummary("Delete a gallery")
            .WithDescription($"Spec 9.2.14. Deletes the gallery and every face in it; `{GalleryNames.Default}` cannot be deleted (400 BAD_PARAM).");
    }

    private static async Task<NoContent> DeleteAsync(string gallery, IFaceStore store, FaceErasure erasure, FaceIndexClient index,
        PendingIndexChanges pending, CancellationToken cancellationToken)
    {
        GalleryRoutes.CheckName(gallery);
        if (gallery == GalleryNames.Default)
            throw new ApiException(ApiError.BadParam("gallery", gallery, "The default gallery cannot be deleted."));
        // The faces leave the store first (spec 9.2.14: from every gallery), marked pending with the gallery's name until the
        // index has let them go, then their files; a retry after a 503 finishes the deletion instead of answering 404.
        var deleted = await store.DeleteGalleryAsync(gallery, cancellationToken);
        await erasure.EraseAsync(deleted ?? [], cancellationToken);
        var settled = false;
        IReadOnlyList<PendingFace> faces;
        do
        {
            faces = await store.ListPendingAsync(DateTime.MaxValue, gallery, SettledPerRequest, cancellationToken);
            await pending.SettleAsync(faces, cancellationToken);
            settled |= faces.Count > 0;
        }
        while (faces.Count == SettledPerRequest);
        if (deleted is null && !settled)
            throw new ApiException(ApiError.NotFound($"There is no gallery named {gallery}."));
        await index.DropGalleryAsync(gallery, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<JsonHttpResult<CreatedGallery>> CreateAsync(string gallery, IFaceStore store, CancellationToken cancellationToken)
    {
        if (gallery == GalleryNames.Default || !await store.CreateGalleryAsync(gallery, cancellationToken))
            throw new ApiException(new ApiError(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"The gallery {gallery} exists already."));
        return TypedResults.Json(new CreatedGallery(gallery), statusCode: StatusCodes.Status201Created);
    }
}

/// <summary>The body of FindFace's cloud API's <c>POST /galleries</c>: the gallery's name.</summary>
public sealed record NewGallery(string? Name) : IApiRequest<NewGallery>
{
    public const string NameParam = "name";

    public static IReadOnlyList<RequestField> Fields { get; } = [new(NameParam, FieldType.String, GalleryRules.NameRule, Required: true)];

    public static async ValueTask<NewGallery?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        new((await ApiParameters.ReadAsync(context)).String(NameParam));
}

/// <summary>A gallery's name is needed; <see cref="GalleryRoutes.CheckName"/> checks the rest.</summary>
public sealed class NewGalleryValidator : AbstractValidator<NewGallery>
{
    public NewGalleryValidator()
    {
        RuleFor(gallery => gallery.Name).NotNull().WithMessage("The gallery's name is needed.").OverridePropertyName(NewGallery.NameParam);
    }
}

public sealed record GalleryList(IReadOnlyList<string> Results);

public sealed record CreatedGallery(string Name);

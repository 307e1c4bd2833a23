using System.Text.RegularExpressions;
using Gateway.Auth;
using Gateway.Errors;
using Microsoft.Extensions.Options;

namespace Gateway.Uploads;

/// <summary>
/// <c>GET /uploads/&lt;day&gt;/&lt;name&gt;</c>: a stored face's photo, thumbnail or normalized face, to a request with a token or
/// a URL the server signed (<see cref="UploadSignature"/>), or to anyone with <c>Upload:Public</c>. Only names the store
/// writes are served: no listing, no other file of the data folder, whatever the path's dots and encodings.
/// </summary>
public static partial class UploadsRegistration
{
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section)
            .Validate(options => options.UrlLifetime > TimeSpan.Zero, "Upload:UrlLifetime must be above zero.");
        services.AddSingleton<ServerSecret>();
        services.AddSingleton<UploadSignature>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<EnrollmentFiles>();
        return services;
    }

    public static void MapUploads(this IEndpointRouteBuilder app)
    {
        Directory.CreateDirectory(app.ServiceProvider.GetRequiredService<UploadStore>().Root);
        app.MapMethods($"{UploadOptions.RequestPath}/{{**path}}", [HttpMethods.Get, HttpMethods.Head], Serve).ExcludeFromDescription();
    }

    private static IResult Serve(string? path, HttpContext http, UploadStore uploads, UploadSignature signature, IOptions<UploadOptions> options)
    {
        path ??= "";
        if (!options.Value.Public && http.User.Identity?.IsAuthenticated != true)
        {
            if (!UploadSignature.IsSigned(http.Request))
            {
                http.Response.Headers.WWWAuthenticate = TokenAuthenticationHandler.SchemeName;
                throw new ApiException(ApiError.AuthFailed("Uploads need a token ('Authorization: Token <key>') or the signed URL the API returned."));
            }
            signature.Check(path, http.Request);
        }
        var file = StoredFile().IsMatch(path) ? Path.Combine(uploads.Root, path) : null;
        if (file is null || !File.Exists(file))
            throw new ApiException(ApiError.NotFound("There is no such upload."));
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Biometric data: no shared cache keeps a copy.
        http.Response.Headers.CacheControl = "private";
        return TypedResults.PhysicalFile(file, ContentTypeOf(file), enableRangeProcessing: true);
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => "application/octet-stream",
    };

    // What UploadStore writes (a day folder, a name, the format) and older stores wrote (names after face ids): nothing else,
    // so that no path can leave the folder or list it.
    [GeneratedRegex(@"\A[0-9]{8}/[A-Za-z0-9_-]{1,64}\.(jpeg|png|webp|bin)\z")]
    private static partial Regex StoredFile();
}

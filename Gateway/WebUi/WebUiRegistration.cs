using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Gateway.WebUi;

/// <summary>Section "WebUi": the operator's single-page app (../WebUi), built into the output's webui/ folder.</summary>
public sealed class WebUiOptions
{
    public const string Section = "WebUi";

    /// <summary>The built app; empty means webui/ beside the gateway's assembly, where the build puts it.</summary>
    public string Dir { get; set; } = "";
}

public static class WebUiRegistration
{
    private const string BuiltFolder = "webui";
    private const string IndexPage = "index.html";

    /// <summary>Serves the web UI at / (its routes are under /#/, as FindFace's). It speaks only the public API with the
    /// operator's token, so it is open like any page: what it shows comes from authenticated calls.</summary>
    public static void UseWebUi(this WebApplication app)
    {
        var configured = app.Configuration.GetSection(WebUiOptions.Section).Get<WebUiOptions>()?.Dir;
        var dir = string.IsNullOrEmpty(configured) ? Path.Combine(AppContext.BaseDirectory, BuiltFolder) : Path.GetFullPath(configured);
        if (!File.Exists(Path.Combine(dir, IndexPage)))
        {
            app.Logger.LogWarning("No web UI at {Dir}: it is built with the gateway when Node.js 20.19+ is installed (README).", dir);
            return;
        }
        var files = new PhysicalFileProvider(dir);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = [IndexPage] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Vite names assets after their content: cached for good. The page itself is read again each time.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] =
                context.File.Name == IndexPage ? "no-cache" : "public, max-age=31536000, immutable",
        });
    }
}

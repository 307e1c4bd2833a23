using Microsoft.Extensions.FileProviders;

namespace Gateway.Uploads;

public static class UploadsRegistration
{
    /// <summary>Serves the uploads folder at /uploads/ without authentication, as findface-upload does.</summary>
    public static void UseUploads(this WebApplication app)
    {
        var uploads = app.Services.GetRequiredService<UploadStore>();
        Directory.CreateDirectory(uploads.Root);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(uploads.Root), RequestPath = UploadOptions.RequestPath });
    }
}

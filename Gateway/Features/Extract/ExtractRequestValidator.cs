using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Extract;

/// <summary>Checks the shape of an Extraction API call; each image request is checked by <see cref="ImageRequestValidator"/>.</summary>
public sealed class ExtractRequestValidator : AbstractValidator<ExtractRequest>
{
    public ExtractRequestValidator(IValidator<ImageRequest> imageRequest, IOptions<ExtractionOptions> options)
    {
        var most = options.Value.MaxRequests;
        RuleFor(body => body.Requests)
            .NotEmpty().WithMessage("requests must be a non-empty array of image requests.")
            .OverridePropertyName("requests");
        // The value answered is the count, not the requests themselves.
        RuleFor(body => body.Requests).Custom((requests, context) =>
        {
            if (requests?.Count > most)
                context.AddFailure(new ValidationFailure("requests", $"requests holds {requests.Count} image requests, more than {most} (Extraction:MaxRequests).", requests.Count));
        });
        RuleForEach(body => body.Requests)
            .NotNull().WithMessage("An image request must be an object.")
            .SetValidator(imageRequest!)
            .OverridePropertyName("requests");
    }
}

using Contracts.Index;
using FluentValidation;
using Gateway.Features.Persons;
using Gateway.Http;
using Gateway.Storage;

namespace Gateway.Features.Face;

public sealed class UpdateFaceRequestValidator : AbstractValidator<UpdateFaceRequest>
{
    public UpdateFaceRequestValidator(IFaceStore store)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Meta).MaximumLength(FacenapiOptions.MaxMetaLength)
            .WithMessage($"meta is longer than {FacenapiOptions.MaxMetaLength} characters.").OverridePropertyName("meta");
        RuleFor(request => request.PersonId).PersonId();
        RuleFor(request => request.Galleries!.Galleries).ExistingGalleries(store)
            .Must(names => !names!.Contains(GalleryNames.Default)).WithMessage("A face is always in the default gallery; it cannot be changed.")
            .OverridePropertyName(UpdateFaceRequest.GalleriesParam)
            .When(request => request.Galleries is not null);
    }
}

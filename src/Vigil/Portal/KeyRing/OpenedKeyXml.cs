using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Portal.KeyRing;

/// <summary>Opens what <see cref="SealedKeyXml"/> sealed; Data Protection creates it by type, with the service provider.</summary>
public sealed class OpenedKeyXml(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => SealedKeyXml.Open(services.GetRequiredService<SecretStore>(), encryptedElement);
}

using QRCoder;

namespace Vigil.Portal;

/// <summary>QR codes as PNG data URLs, so a page needs no second request (and the CSP allows <c>data:</c> images).</summary>
public static class QrImage
{
    public static string DataUrl(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}

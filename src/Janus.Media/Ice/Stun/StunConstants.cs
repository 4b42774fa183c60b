namespace Janus.Media.Ice.Stun;

/// <summary>Numbers from RFC 8489 (STUN) and RFC 8445 §16 (ICE attributes).</summary>
internal static class StunConstants
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdLength = 12;
    public const int MessageIntegrityLength = 20;
    // RFC 8489 §14.7: CRC-32 of the message XORed with this value.
    public const uint FingerprintXor = 0x5354554E;

    // Methods and classes (RFC 8489 §5, §18.2).
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingIndication = 0x0011;
    public const ushort BindingSuccess = 0x0101;
    public const ushort BindingError = 0x0111;
}

/// <summary>Attribute types this agent reads or writes (RFC 8489 §18.3, RFC 8445 §16.1).</summary>
internal static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;
}

/// <summary>ERROR-CODE values the ICE agent sends or reacts to.</summary>
internal static class StunErrorCode
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int RoleConflict = 487;
}

internal import CLibXML2

/// libxml2 initialised once per process, before any parser or writer: libxml2 requires
/// `xmlInitParser()` before it is used from several threads (the feed builder validates the three
/// feeds side by side). Every module that uses libxml2 reads ``ready`` first.
package enum LibXML2 {
    /// Reading it runs `xmlInitParser()` exactly once (a Swift global is initialised once, thread-safely).
    package static let ready: Void = importfeed_xml_initialize()
}

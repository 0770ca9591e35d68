package dev.parley.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Strings that run script if a screen ever renders text as HTML, follows a link it should not, or
 * evaluates a template: script tags, event handlers, {@code javascript:} and {@code data:} URLs,
 * SVG and MathML, encoded and mixed-case variants, Markdown-link tricks, template expressions and
 * right-to-left overrides. Each one, if it ran, would call a dialog or set {@code window.__pwned}.
 */
public final class XssCorpus {

  private XssCorpus() {}

  private static final String RUN = "window.__pwned=1;alert(1)";

  private static final List<String> VECTORS =
      List.of(
          "<script>" + RUN + "</script>",
          "<ScRiPt>" + RUN + "</sCrIpT>",
          "<script src=data:text/javascript," + RUN + "></script>",
          "<img src=x onerror=\"" + RUN + "\">",
          "<IMG SRC=x OnErRoR=" + RUN + ">",
          "<img src=\"x\" onerror=&#x61;lert(1)>",
          "<svg onload=" + RUN + ">",
          "<svg><script>" + RUN + "</script></svg>",
          "<svg><a xlink:href=\"javascript:" + RUN + "\"><text x=0 y=20>x</text></a></svg>",
          "<svg><animate onbegin=" + RUN + " attributeName=x dur=1s>",
          "<math><mtext><table><mglyph><style><img src=x onerror=" + RUN + ">",
          "<iframe src=\"javascript:" + RUN + "\"></iframe>",
          "<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>",
          "<object data=\"javascript:" + RUN + "\"></object>",
          "<embed src=\"javascript:" + RUN + "\">",
          "<a href=\"javascript:" + RUN + "\">click</a>",
          "<a href=\"JaVaScRiPt:" + RUN + "\">click</a>",
          "<a href=\"&#106;avascript:" + RUN + "\">click</a>",
          "<a href=\"data:text/html,<script>" + RUN + "</script>\">x</a>",
          "<body onload=" + RUN + ">",
          "<input autofocus onfocus=" + RUN + ">",
          "<details open ontoggle=" + RUN + ">",
          "<video><source onerror=\"" + RUN + "\"></video>",
          "<audio src=x onerror=" + RUN + ">",
          "<marquee onstart=" + RUN + ">",
          "<div style=\"background:url(javascript:" + RUN + ")\">x</div>",
          "<style>@import 'javascript:" + RUN + "';</style>",
          "<link rel=stylesheet href=\"javascript:" + RUN + "\">",
          "<meta http-equiv=\"refresh\" content=\"0;url=javascript:" + RUN + "\">",
          "<base href=\"javascript:" + RUN + "//\">",
          "<form action=\"javascript:" + RUN + "\"><button>x</button></form>",
          "<button formaction=\"javascript:" + RUN + "\">x</button>",
          "<isindex type=image src=1 onerror=" + RUN + ">",
          "<template><img src=x onerror=" + RUN + "></template>",
          "<noscript><p title=\"</noscript><img src=x onerror=" + RUN + ">\">",
          "\"><script>" + RUN + "</script>",
          "'><img src=x onerror=" + RUN + ">",
          "</textarea><script>" + RUN + "</script>",
          "</title><script>" + RUN + "</script>",
          "<!--<img src=\"--><img src=x onerror=" + RUN + "//\">",
          "&lt;script&gt;" + RUN + "&lt;/script&gt;",
          "&#60;script&#62;" + RUN + "&#60;/script&#62;",
          "\\u003cscript\\u003e" + RUN + "\\u003c/script\\u003e",
          "%3Cscript%3E" + RUN + "%3C%2Fscript%3E",
          "\u003cimg src=x onerror=" + RUN + "\u003e",
          "[click](javascript:" + RUN + ")",
          "[click](JAVASCRIPT:" + RUN + ")",
          "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
          "![x](x\" onerror=\"" + RUN + ")",
          "[x](https://example.com\" onmouseover=\"" + RUN + ")",
          "<https://example.com/\"onmouseover=\"" + RUN + "\">",
          "https://example.com/\"><script>" + RUN + "</script>",
          "https://example.com/<img src=x onerror=" + RUN + ">",
          "javascript:" + RUN,
          "  javascript:" + RUN,
          "vbscript:msgbox(1)",
          "data:text/html,<script>" + RUN + "</script>",
          "{{constructor.constructor('" + RUN + "')()}}",
          "${" + RUN + "}",
          "#{" + RUN + "}",
          "<%= " + RUN + " %>",
          "{{visitor.name}}<script>" + RUN + "</script>",
          "\u202Egnp.exe<script>" + RUN + "</script>",
          "\u202E<img src=x onerror=" + RUN + ">",
          "a\u200Bb<svg/onload=" + RUN + ">",
          "<scr<script>ipt>" + RUN + "</scr</script>ipt>",
          "<<script>script>" + RUN + "<</script>/script>",
          "<img/src=x/onerror=" + RUN + ">",
          "<img\tsrc=x\tonerror=" + RUN + ">",
          "<img\nsrc=x\nonerror=" + RUN + ">",
          "<svg\fonload=" + RUN + ">",
          "<x onclick=" + RUN + " style=display:block;position:fixed;inset:0>cover</x>",
          "<div onmouseover=\"" + RUN + "\" style=\"position:fixed;inset:0\"></div>",
          "<a id=x tabindex=1 onfocus=" + RUN + " autofocus>x</a>",
          "<select onfocus=" + RUN + " autofocus>",
          "<textarea onfocus=" + RUN + " autofocus>",
          "<keygen onfocus=" + RUN + " autofocus>",
          "<frameset onload=" + RUN + ">",
          "<table background=\"javascript:" + RUN + "\">",
          "<xss onafterscriptexecute=" + RUN + "><script>1</script>",
          "<svg><set attributeName=onmouseover to=" + RUN + ">",
          "<img src=1 onerror=eval(atob('YWxlcnQoMSk='))>",
          "<img src=1 onerror=top['al'+'ert'](1)>",
          "<img src=1 onerror=window['__pwned']=1>",
          "<svg><script href=data:,alert(1) />",
          "<script type=module>" + RUN + "</script>",
          "<script>/*</script><script>*/" + RUN + "</script>",
          "\"onmouseover=\"" + RUN,
          "' onmouseover='" + RUN,
          "`-alert(1)-`",
          "</script><script>" + RUN + "</script>",
          "<img src=`x`onerror=" + RUN + ">",
          "<iframe/onload=" + RUN + ">",
          "<object type=text/html data=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
          "<a href=\"  javascript:" + RUN + "\">spaces</a>",
          "<a href=\"java\tscript:" + RUN + "\">tab</a>",
          "<a href=\"java&#x09;script:" + RUN + "\">entity tab</a>",
          "<svg><foreignObject><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
          "<img src=x:x onerror=" + RUN + " alt=\"\u202Ereversed\">",
          "<svg><style><img src=x onerror=" + RUN + "></style></svg>",
          "<a href=\"https://example.com\" onclick=\"" + RUN + "\">a real link with a handler</a>",
          "<img src=\"https://example.com/x.png\" srcset=\"javascript:" + RUN + "\">",
          "<p style=\"animation-name:x\" onanimationstart=" + RUN + ">x</p>",
          "<input type=image src=x onerror=" + RUN + ">",
          "<body background=\"javascript:" + RUN + "\">");

  /** Every payload, at least 100, distinct. */
  public static List<String> payloads() {
    Set<String> all = new LinkedHashSet<>(VECTORS);
    if (all.size() < 100) {
      throw new IllegalStateException("the corpus has only " + all.size() + " payloads");
    }
    return new ArrayList<>(all);
  }
}

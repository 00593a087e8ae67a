package rules

import (
	"regexp"
	"strings"

	"tradeguard/advisor"
)

// Rules about addresses: look-alike domains, free mailboxes, impersonated
// suppliers and fake tracking sites.

// --- lookalike_domain -------------------------------------------------------

// genuineDomains are Alibaba Group and payment domains that are never
// look-alikes, with all their subdomains.
var genuineDomains = []string{
	"alibaba.com", "alibaba.com.cn", "alibaba-inc.com", "alibabagroup.com", "alibabacloud.com", "aliyun.com",
	"alicdn.com", "aliexpress.com", "aliexpress.us", "aliexpress.ru", "1688.com", "alipay.com", "alipayplus.com",
	"alipayobjects.com", "taobao.com", "tmall.com", "paypal.com", "paypal.me", "paypalobjects.com",
}

// brandSkeletons are the names look-alike domains imitate, as skeletons.
var brandSkeletons = []string{skeleton("alibaba"), skeleton("aliexpress"), skeleton("alipay"), skeleton("tradeassurance"), skeleton("paypal")}

// lookalikeHost reports whether a host imitates a genuine brand domain.
func lookalikeHost(m hostMention) bool {
	if underAny(m.host, genuineDomains) {
		return false
	}
	reg := registrable(m.host)
	labels := strings.Split(m.host, ".")
	for _, l := range labels {
		if mixedScript(l) {
			return true
		}
	}
	sk := skeleton(m.host)
	for _, b := range brandSkeletons {
		if strings.Contains(sk, b) {
			return true
		}
	}
	// One edit away from a brand in the registrable label ("alibaaba.com",
	// "allbaba.net").
	name := skeleton(strings.SplitN(reg, ".", 2)[0])
	for _, b := range brandSkeletons {
		if len(name) >= 5 && editDistance(name, b, 1) <= 1 {
			return true
		}
	}
	return false
}

// lookalikeDomain returns the lookalike_domain rule.
func lookalikeDomain() advisor.Rule {
	return advisor.Rule{
		ID:       "lookalike_domain",
		Severity: advisor.SeverityCritical,
		Title:    "Look-alike Alibaba or payment web address",
		Source:   "Fake Payment Pages and Look-alike Domains",
		Advice: "Do not open the link or pay on that page. Type alibaba.com into the browser yourself, sign in, and pay only from My Alibaba → Orders; " +
			"a payment that does not appear there did not go through Alibaba.com. Report the link to Alibaba.com.",
		Trigger: "A web or e-mail address that imitates alibaba.com, AliExpress, Alipay, Trade Assurance or PayPal without being theirs: extra words " +
			"(alibaba-secure-pay.com, alibaba.com.pay-verify.net), swapped letters (a1ibaba.com), punycode (xn--…) or letters from other alphabets. " +
			"alibaba.com and its subdomains, alibaba.com.cn, aliexpress.com, 1688.com and alipay.com never fire.",
		Why: "Fake checkout and sign-in pages collect the payment or the buyer's password; the money goes to an unrelated account and the order " +
			"never appears on the platform.",
		Match: func(in *advisor.Input) (advisor.Finding, bool) {
			sc := scanOf(in)
			for _, m := range sc.hosts() {
				if lookalikeHost(m) {
					return sc.evidence(m.sp), true
				}
			}
			return advisor.Finding{}, false
		},
		Examples: []advisor.Example{
			{Text: "Pls complete the payment on our secure page https://alibaba-secure-pay.com/order/88231 within today", Evidence: "alibaba-secure-pay.com"},
			{Text: "Your Trade Assurance order is ready: www.a1ibaba.com/ta/confirm?id=22871", Evidence: "www.a1ibaba.com"},
			{Text: "payment verify link: http://alibaba.com.pay-verify.net/login", Evidence: "alibaba.com.pay-verify.net"},
			{Text: "log in here to release the order: https://xn--alibab-8nf.com/secure", Evidence: "xn--alibab-8nf.com"},
			{Text: "email from service@tradeassurance-alibaba.support asking to confirm the payment", Evidence: "tradeassurance-alibaba.support"},
			{Text: "Pay on аlibaba.com/checkout (Cyrillic а)", Evidence: "аlibaba.com"},
			{Text: "product link: https://www.alibaba.com/product-detail/Silicone-Lid_1600123.html and our store ningbohome.en.alibaba.com", Miss: true},
			{Text: "also sells on aliexpress.com and 1688.com; pays with alipay.com", Miss: true},
			{Text: "Chinese site: alibaba.com.cn, help centre service.alibaba.com", Miss: true},
		},
	}
}

// --- free_email_domain ------------------------------------------------------

// freeMailDomains are free mailbox providers.
var freeMailDomains = []string{
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.cn", "yahoo.co.uk", "ymail.com", "hotmail.com", "hotmail.co.uk",
	"outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mail.com", "gmx.com", "gmx.net", "gmx.de",
	"yandex.com", "yandex.ru", "protonmail.com", "proton.me", "zoho.com", "163.com", "126.com", "yeah.net", "qq.com",
	"foxmail.com", "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "tom.com", "21cn.com", "vip.163.com",
	"vip.qq.com", "vip.126.com", "vip.sina.com",
}

// freeMailPhrase recognises a free mailbox named in words ("our gmail account").
var freeMailPhrase = phrases{newPhrase(`(?:gmail|163|126|qq|yahoo|hotmail|outlook|foxmail|sina|yeah)(?:\.com|\.net)?\s+(?:e-?mail\s+|mail\s+)?(?:address|account|mailbox|mail|email|e-mail|id)\b`,
	questionNot)}

// freeEmailDomain returns the free_email_domain rule.
func freeEmailDomain() advisor.Rule {
	return advisor.Rule{
		ID:       "free_email_domain",
		Severity: advisor.SeverityLow,
		Title:    "Free e-mail address",
		Source:   "Free E-mail Addresses and Impersonated Suppliers",
		Advice: "Check that the address belongs to the company: compare it with the e-mail on the Alibaba.com store and on the contract, and " +
			"never act on payment instructions from a free mailbox without confirming them in the Alibaba.com chat or by phone on the profile's number.",
		Trigger: "The supplier writes from a free mailbox (gmail.com, 163.com, 126.com, qq.com, hotmail.com, outlook.com…), or the buyer says a " +
			"\"163.com address\" or \"gmail account\" is being used.",
		Why: "Anyone can open a free mailbox in a supplier's name; a switch from the company domain to a free one is how hijacked " +
			"conversations usually begin. Many small genuine suppliers use them too, so it is a weak signal on its own.",
		Match: func(in *advisor.Input) (advisor.Finding, bool) {
			sc := scanOf(in)
			for _, m := range sc.hosts() {
				if m.email && underAny(m.host, freeMailDomains) {
					return sc.evidence(m.sp), true
				}
			}
			return textMatch(freeMailPhrase)(in)
		},
		Examples: []advisor.Example{
			{Text: "the sales girl lately answers sometimes from her company mail and sometimes from a 163.com address", Evidence: "163.com address"},
			{Text: "Contact: Jack Chen, jackchen.factory@gmail.com, +86 139 2244 1188", Evidence: "gmail.com"},
			{Text: "Please send the payment slip to sunnytrade2019@qq.com", Evidence: "qq.com"},
			{Text: "Contact: Lily Wang, lily@hengdahouseware.com, Alibaba chat preferred", Miss: true},
			{Text: "our website is www.163-machinery.com", Miss: true},
			{Text: "is it bad if a supplier uses a gmail address?", Miss: true},
		},
	}
}

// --- supplier_impersonation -------------------------------------------------

// impersonation recognises a sender claiming to be the supplier from a new address or number.
var impersonation = phrases{
	newPhrase(`(?:company|office|official|work|our|my|usual|normal|old) (?:e-?mail|mailbox|email account|mail|email address)\s+`+words3+`(?:is |was |has been |got |have been |had been )?(?:hacked|down|not working|blocked|under maintenance|having (?:some )?(?:problems?|issues?)|full|closed|suspended|out of service|not available|compromised)`+
		`|(?:reply|write|send|contact|email|respond)\w*\s+(?:\w+\s+){0,2}?(?:only\s+)?(?:to|at|via)\s+(?:this|my|the new|our new)\s+(?:new\s+)?(?:e-?mail|address|mailbox|email address)`+
		`|(?:e-?mail|sender|address|domain)\s+`+words3+`(?:looks?|is|was|seems?)\s+(?:slightly |a bit |a little |very )?(?:different|off|wrong|strange|weird|fake|similar but)`,
		`same as (?:always|before|usual)|`+questionNot),
	newPhrase(`spoof\w*|impersonat\w*|pretend\w* to be|posing as|hacked (?:e-?mail|account|mailbox)|(?:e-?mail|mailbox|account)\s+(?:was |got |has been |had been )?(?:hacked|compromised)|business email compromise|\bbec\b|(?:one|a|an extra|extra) letter\s+(?:different|added|missing|changed)|letter (?:different|missing)|冒充|假冒(?:供应商|公司|邮箱)?|邮箱被(?:盗|黑)|suplant\w*|se hace pasar por|correo (?:hackeado|pirateado)`,
		`(?:not|no sign of|wasn'?t|isn'?t)\s+(?:\w+\s+)?(?:hacked|spoofed|impersonat)|`+questionNot),
	newPhrase(`(?:receive|collect|accept)\w*\s+`+words2+`(?:payments?|money|funds|the deposit|the balance)\s+on behalf of|on behalf of (?:the |our )?(?:company|factory|supplier|manufacturer)\s+`+words3+`(?:pay|payment|account|receive)`,
		questionNot),
}

// supplierImpersonation returns the supplier_impersonation rule.
func supplierImpersonation() advisor.Rule {
	return advisor.Rule{
		ID:       "supplier_impersonation",
		Severity: advisor.SeverityCritical,
		Title:    "Someone may be impersonating the supplier",
		Source:   "Free E-mail Addresses and Impersonated Suppliers",
		Advice: "Stop and verify before any payment: call the supplier on the phone number shown on their Alibaba.com profile — not one from this " +
			"message — and ask the person you know whether they sent it. Reply only through the Alibaba.com chat, not to the new address.",
		Trigger: "The company mailbox is said to be hacked, down or replaced (\"reply only to this new email\"), the sender address looks slightly " +
			"different, two company domains in the paste differ by a letter or a hyphen, or someone collects payment \"on behalf of\" the supplier.",
		Why: "Business-email compromise hijacks a real conversation: the fraudster reads the thread, copies the supplier's style and sends " +
			"new payment details from a look-alike or hacked mailbox.",
		Match: func(in *advisor.Input) (advisor.Finding, bool) {
			sc := scanOf(in)
			if sp, ok := impersonation.find(sc); ok {
				return sc.evidence(sp), true
			}
			if sp, ok := similarCompanyDomains(sc); ok {
				return sc.evidence(sp), true
			}
			return advisor.Finding{}, false
		},
		Examples: []advisor.Example{
			{Text: "Our company email is under maintenance, please reply only to this new email for the payment matter", Evidence: "company email is under maintenance"},
			{Text: "the sender address looks slightly different, one letter different from the usual one", Evidence: "sender address looks slightly different"},
			{Text: "From: lily@hengda-houseware.com (before always lily@hengdahouseware.com) — new bank details attached", Evidence: "hengdahouseware.com"},
			{Text: "I'm agent authorized to collect the balance on behalf of the factory, pay to my company", Evidence: "collect the balance on behalf of"},
			{Text: "有人冒充我们的业务员发邮件，请不要付款", Evidence: "冒充"},
			{Text: "our PI and the alibaba store both say the same company, sender address looks same as always", Miss: true},
			{Text: "Lily from Hengda here, new quotation attached, payment via the Trade Assurance order as usual.", Miss: true},
			{Text: "how do I know if the supplier email was hacked?", Miss: true},
		},
	}
}

// similarCompanyDomains finds two company (non-free, non-platform) domains
// in the paste that differ by one or two characters ("hengdahouseware.com"
// and "hengda-houseware.com"), and returns the later one.
func similarCompanyDomains(sc *scan) (span, bool) {
	type dom struct {
		name string
		sp   span
	}
	var seen []dom
	for _, m := range sc.hosts() {
		if underAny(m.host, freeMailDomains) || underAny(m.host, genuineDomains) || underAny(m.host, carrierDomains) {
			continue
		}
		reg := registrable(m.host)
		for _, d := range seen {
			if d.name == reg {
				continue
			}
			a, b := strings.ReplaceAll(d.name, "-", ""), strings.ReplaceAll(reg, "-", "")
			if len(a) >= 8 && (a == b || editDistance(a, b, 2) <= 2) {
				return m.sp, true
			}
		}
		seen = append(seen, dom{reg, m.sp})
	}
	return span{}, false
}

// --- fake_tracking_site -----------------------------------------------------

// carrierDomains are the carriers' and tracking aggregators' real sites.
var carrierDomains = []string{
	"dhl.com", "dhl.de", "dhl.co.uk", "fedex.com", "ups.com", "usps.com", "tnt.com", "aramex.com", "sf-express.com",
	"sf-international.com", "ems.com.cn", "11183.com.cn", "chinapost.com.cn", "17track.net", "parcelsapp.com",
	"aftership.com", "track-trace.com", "trackingmore.com", "maersk.com", "msc.com", "cma-cgm.com", "cosco.com",
	"coscoshipping.com", "lines.coscoshipping.com", "evergreen-line.com", "hapag-lloyd.com", "one-line.com", "oocl.com",
	"yangming.com", "zim.com", "searates.com", "marinetraffic.com", "vesselfinder.com", "cainiao.com", "yunexpress.com",
	"4px.com", "yanwen.com", "auspost.com.au", "royalmail.com", "canadapost.ca", "canadapost-postescanada.ca",
	"laposte.fr", "dpd.com", "dpd.co.uk", "gls-group.eu", "gls-group.com", "postnl.nl", "correos.es", "dbschenker.com",
	"kuehne-nagel.com", "flexport.com", "alibaba.com", "dhl.com.cn", "ups-scs.com", "purolator.com", "estafeta.com",
}

// trackingAnchors are the anchors of a shipment-tracking sentence.
var trackingAnchors = anchors("track", "waybill", "awb", "parcel status", "物流单号", "快递单号", "追踪", "rastreo", "seguimiento")

// trackingSentence tells whether a sentence is about tracking a shipment.
var trackingSentence = regexp.MustCompile(`track|waybill|\bawb\b|parcel|courier|shipment status|物流|快递|追踪|rastreo|seguimiento`)

// fakeTracking recognises tracking numbers or sites the buyer reports as not working or unknown.
var fakeTracking = phrases{
	newPhrase(`(?:tracking|track|waybill|awb)\s+(?:number|no\.?|#|code|link|site|website|page|id)?\s*`+words3+`(?:is |was |are |were |does ?n[o']t |doesn'?t |isn'?t |wasn'?t |still )?(?:invalid|not (?:found|working|valid|exist\w*|recogni[sz]ed|showing|updat\w*|on (?:dhl|fedex|ups|the carrier))|doesn'?t (?:work|exist|show)|does not (?:work|exist|show)|shows? nothing|no (?:info|information|record|results?|updates?)|fake|bogus|made up)`+
		`|fake tracking`,
		questionNot),
	newPairPhrase(`(?:tracking|courier|delivery|shipping|logistics) (?:site|website|page|company|agent)\b`, 60, `(?:pay|fee|charge|clearance|release|insurance)`, evBoth, questionNot),
	newPhrase(`(?:物流|快递|运单)(?:单号|号码)?(?:查不到|无效|是假的|不存在|没有(?:信息|记录))|(?:n[uú]mero de )?(?:rastreo|seguimiento)\s+(?:\w+\s+){0,2}?(?:no (?:existe|funciona|aparece)|falso|inv[aá]lido)`, ``),
}

// fakeTrackingSite returns the fake_tracking_site rule.
func fakeTrackingSite() advisor.Rule {
	return advisor.Rule{
		ID:       "fake_tracking_site",
		Severity: advisor.SeverityHigh,
		Title:    "Tracking number or site that does not check out",
		Source:   "Fake Tracking Numbers and Shipping Sites",
		Advice: "Check the tracking number on the carrier's own site (dhl.com, fedex.com, ups.com, the shipping line's site) or 17track.net — never " +
			"only on a link the supplier sent. Do not pay \"customs\", \"clearance\" or \"insurance\" fees to a tracking site; carriers bill through their own invoices.",
		Trigger: "A tracking link on a site that is not a known carrier or tracking service, a tracking number that \"does not exist\" or shows " +
			"nothing on the carrier's site, or a \"courier\" site asking for a release or clearance fee.",
		Why: "A fake tracking page buys the scammer time (the buyer waits instead of disputing) and is often used to collect invented customs fees.",
		Match: func(in *advisor.Input) (advisor.Finding, bool) {
			sc := scanOf(in)
			if sp, ok := fakeTracking.find(sc); ok {
				return sc.evidence(sp), true
			}
			if !sc.has(trackingAnchors) {
				return advisor.Finding{}, false
			}
			for _, m := range sc.hosts() {
				if m.email || underAny(m.host, carrierDomains) || underAny(m.host, genuineDomains) {
					continue
				}
				if trackingSentence.MatchString(sc.sentenceText(m.sp)) {
					return sc.evidence(m.sp), true
				}
			}
			return advisor.Finding{}, false
		},
		Examples: []advisor.Example{
			{Text: "Goods shipped! Track your parcel here: www.global-express-logistics.com tracking no. GE88234561CN", Evidence: "www.global-express-logistics.com"},
			{Text: "the tracking number they gave me doesn't exist on DHL, supplier says wait 2 more days", Evidence: "tracking number they gave me doesn't exist"},
			{Text: "the courier website says I must pay $380 clearance fee before release", Evidence: "courier website says I must pay"},
			{Text: "物流单号查不到，供应商说系统还没更新", Evidence: "物流单号查不到"},
			{Text: "DHL tracking 1234567890, you can check it on dhl.com or 17track.net", Miss: true},
			{Text: "Tracking number will be sent after the container is loaded, B/L copy by email", Miss: true},
			{Text: "how long does it take for tracking to update after pickup?", Miss: true},
		},
	}
}

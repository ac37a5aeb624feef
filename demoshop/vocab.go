package demoshop

// This file holds the filler vocabulary: the neutral words the generator
// builds titles, descriptions, service text and alt text from. Every entry
// comes as a simplified/traditional pair. Filler must never contain a term
// any listing rule reacts to (包邮, prices, 最, 第一, brand names, 发货,
// 发票, 不 …): vocab_test.go scans all of it against the term families.

// phrase is one piece of text in simplified (s) and traditional (t) script.
type phrase struct{ s, t string }

// in returns the phrase in the listing's script.
func (p phrase) in(trad bool) string {
	if trad {
		return p.t
	}
	return p.s
}

// fibre groups say which material claims fit a product.
type fibre int

const (
	fibreCotton    fibre = iota // cotton claims (纯棉, 全棉, 100%棉) fit
	fibreCashmere               // title always claims 羊绒
	fibreLeather                // title always claims 真皮
	fibreWool                   // 纯羊毛 / 羊绒 claims fit
	fibreSynthetic              // cotton claims fit, composition is synthetic by default
)

// skuKind says how a product's SKUs are named.
type skuKind int

const (
	skuColourSize skuKind = iota
	skuColourBed
	skuColour
	skuColourWallet
)

// product is one kind of goods the demo shop sells.
type product struct {
	key  string
	name phrase // in titles
	noun phrase // in alt text and descriptions
	// claim is the material claim the product name itself makes (羊绒
	// in 羊绒围巾), empty when the name makes none.
	claim    phrase
	attrName phrase // 面料成分 or 材质
	fibre    fibre
	silk     bool  // silk claims (真丝, 仿真丝) fit
	clothing bool  // has sizes, 版型, size-chart copy
	prices   []int // base prices in yuan
	step     int   // yuan between SKU price tiers
	sku      skuKind
	// neutral are compositions for listings that make no material claim.
	neutral []phrase
	seasons []phrase
	lines   []phrase // product-specific description sentences
}

var (
	compCotton100   = phrase{"棉100%", "棉100%"}
	compPolyester   = phrase{"聚酯纤维100%", "聚酯纖維100%"}
	compCottonBlend = phrase{"棉60% 聚酯纤维40%", "棉60% 聚酯纖維40%"}
	compCottonSpan  = phrase{"棉80% 聚酯纤维20%", "棉80% 聚酯纖維20%"}
	compViscose     = phrase{"粘纤70% 聚酯纤维30%", "粘纖70% 聚酯纖維30%"}
	compLinen       = phrase{"亚麻55% 棉45%", "亞麻55% 棉45%"}
	compAcrylic     = phrase{"腈纶100%", "腈綸100%"}
	compWoolBlend   = phrase{"羊毛30% 腈纶70%", "羊毛30% 腈綸70%"}
	compCashmere    = phrase{"羊绒100%", "羊絨100%"}
	compCashBlend   = phrase{"羊绒30% 羊毛70%", "羊絨30% 羊毛70%"}
	compLeather     = phrase{"头层牛皮", "頭層牛皮"}
	compPU          = phrase{"PU", "PU"}
	compBamboo      = phrase{"竹纤维70% 棉30%", "竹纖維70% 棉30%"}
)

var (
	attrFabric   = phrase{"面料成分", "面料成分"}
	attrMaterial = phrase{"材质", "材質"}
)

var (
	seasonSpringAutumn = phrase{"春秋", "春秋"}
	seasonSummer       = phrase{"夏季", "夏季"}
	seasonWinter       = phrase{"冬季", "冬季"}
	seasonAll          = phrase{"四季", "四季"}
)

var lineClothing = []phrase{
	{"面料柔软亲肤，穿着舒适透气。", "面料柔軟親膚，穿著舒適透氣。"},
	{"版型简约大方，日常好搭配。", "版型簡約大方，日常好搭配。"},
	{"尺码请参考详情页尺码表。", "尺碼請參考詳情頁尺碼表。"},
}

var lineCommon = []phrase{
	{"做工细致，走线整齐。", "做工細緻，走線整齊。"},
	{"建议冷水手洗，晾干后收纳。", "建議冷水手洗，晾乾後收納。"},
	{"颜色以实物为准，拍摄光线可能造成轻微色差。", "顏色以實物為準，拍攝光線可能造成輕微色差。"},
	{"适合居家、通勤和出游。", "適合居家、通勤和出遊。"},
	{"收到后如有疑问，请联系在线客服。", "收到後如有疑問，請聯繫在線客服。"},
}

var products = []product{
	{
		key: "tee", name: phrase{"短袖T恤", "短袖T恤"}, noun: phrase{"T恤", "T恤"},
		attrName: attrFabric, fibre: fibreCotton, clothing: true,
		prices: []int{39, 49, 59, 69}, step: 10, sku: skuColourSize,
		neutral: []phrase{compCotton100, compCottonBlend, compPolyester},
		seasons: []phrase{seasonSummer},
		lines:   lineClothing,
	},
	{
		key: "dress", name: phrase{"连衣裙", "連衣裙"}, noun: phrase{"裙子", "裙子"},
		attrName: attrFabric, fibre: fibreSynthetic, silk: true, clothing: true,
		prices: []int{129, 159, 199, 239}, step: 20, sku: skuColourSize,
		neutral: []phrase{compPolyester, compViscose, compCotton100},
		seasons: []phrase{seasonSummer, seasonSpringAutumn},
		lines:   lineClothing,
	},
	{
		key: "hoodie", name: phrase{"连帽卫衣", "連帽衛衣"}, noun: phrase{"卫衣", "衛衣"},
		attrName: attrFabric, fibre: fibreCotton, clothing: true,
		prices: []int{99, 129, 159}, step: 10, sku: skuColourSize,
		neutral: []phrase{compCottonSpan, compCotton100, compPolyester},
		seasons: []phrase{seasonSpringAutumn, seasonWinter},
		lines:   lineClothing,
	},
	{
		key: "bedding", name: phrase{"床品四件套", "床品四件套"}, noun: phrase{"四件套", "四件套"},
		attrName: attrFabric, fibre: fibreCotton,
		prices: []int{199, 259, 299, 399}, step: 40, sku: skuColourBed,
		neutral: []phrase{compCotton100, compPolyester, compLinen},
		seasons: []phrase{seasonAll, seasonSpringAutumn},
		lines: []phrase{
			{"床单被套采用活性印染，色牢度好。", "床單被套採用活性印染，色牢度好。"},
			{"手感顺滑，透气亲肤。", "手感順滑，透氣親膚。"},
		},
	},
	{
		key: "towel", name: phrase{"毛巾", "毛巾"}, noun: phrase{"毛巾", "毛巾"},
		attrName: attrMaterial, fibre: fibreCotton,
		prices: []int{19, 25, 29, 39}, step: 5, sku: skuColour,
		neutral: []phrase{compCotton100, compBamboo},
		seasons: []phrase{seasonAll},
		lines: []phrase{
			{"吸水性好，柔软亲肤。", "吸水性好，柔軟親膚。"},
			{"加厚织法，洗后依然蓬松。", "加厚織法，洗後依然蓬鬆。"},
		},
	},
	{
		key: "scarf", name: phrase{"羊绒围巾", "羊絨圍巾"}, noun: phrase{"围巾", "圍巾"},
		claim:    phrase{"羊绒", "羊絨"},
		attrName: attrFabric, fibre: fibreCashmere,
		prices: []int{199, 259, 399}, step: 30, sku: skuColour,
		neutral: []phrase{compCashmere, compCashBlend},
		seasons: []phrase{seasonWinter, seasonSpringAutumn},
		lines: []phrase{
			{"手感细腻，保暖轻盈。", "手感細膩，保暖輕盈。"},
			{"长度适中，可披可绕。", "長度適中，可披可繞。"},
		},
	},
	{
		key: "wallet", name: phrase{"真皮钱包", "真皮錢包"}, noun: phrase{"钱包", "錢包"},
		claim:    phrase{"真皮", "真皮"},
		attrName: attrMaterial, fibre: fibreLeather,
		prices: []int{129, 169, 229}, step: 20, sku: skuColourWallet,
		neutral: []phrase{compLeather},
		seasons: []phrase{seasonAll},
		lines: []phrase{
			{"卡位充足，收纳方便。", "卡位充足，收納方便。"},
			{"边油细致，拉链顺滑。", "邊油細緻，拉鏈順滑。"},
		},
	},
	{
		key: "shirt", name: phrase{"长袖衬衫", "長袖襯衫"}, noun: phrase{"衬衫", "襯衫"},
		attrName: attrFabric, fibre: fibreCotton, silk: true, clothing: true,
		prices: []int{89, 119, 159}, step: 10, sku: skuColourSize,
		neutral: []phrase{compCotton100, compLinen, compPolyester},
		seasons: []phrase{seasonSpringAutumn, seasonAll},
		lines:   lineClothing,
	},
	{
		key: "pajamas", name: phrase{"睡衣套装", "睡衣套裝"}, noun: phrase{"睡衣", "睡衣"},
		attrName: attrFabric, fibre: fibreCotton, silk: true, clothing: true,
		prices: []int{79, 99, 139}, step: 10, sku: skuColourSize,
		neutral: []phrase{compCotton100, compViscose, compPolyester},
		seasons: []phrase{seasonSpringAutumn, seasonSummer},
		lines:   lineClothing,
	},
	{
		key: "cardigan", name: phrase{"针织开衫", "針織開衫"}, noun: phrase{"开衫", "開衫"},
		attrName: attrFabric, fibre: fibreWool, clothing: true,
		prices: []int{119, 159, 199}, step: 20, sku: skuColourSize,
		neutral: []phrase{compAcrylic, compWoolBlend},
		seasons: []phrase{seasonSpringAutumn, seasonWinter},
		lines:   lineClothing,
	},
	{
		key: "pillow", name: phrase{"抱枕", "抱枕"}, noun: phrase{"抱枕", "抱枕"},
		attrName: attrMaterial, fibre: fibreSynthetic,
		prices: []int{29, 39, 49}, step: 5, sku: skuColour,
		neutral: []phrase{compPolyester},
		seasons: []phrase{seasonAll},
		lines: []phrase{
			{"填充蓬松，回弹性好。", "填充蓬鬆，回彈性好。"},
			{"外套可拆洗，打理方便。", "外套可拆洗，打理方便。"},
		},
	},
	{
		key: "bathtowel", name: phrase{"浴巾", "浴巾"}, noun: phrase{"浴巾", "浴巾"},
		attrName: attrMaterial, fibre: fibreCotton,
		prices: []int{49, 69, 89}, step: 10, sku: skuColour,
		neutral: []phrase{compCotton100, compBamboo},
		seasons: []phrase{seasonAll},
		lines: []phrase{
			{"吸水性好，柔软亲肤。", "吸水性好，柔軟親膚。"},
			{"尺寸宽大，裹身舒适。", "尺寸寬大，裹身舒適。"},
		},
	},
}

// Title filler.
var (
	brandName   = phrase{"巡店优选", "巡店優選"}
	titleAdjs   = []phrase{{"简约", "簡約"}, {"休闲", "休閒"}, {"百搭", "百搭"}, {"日常", "日常"}, {"舒适", "舒適"}, {"柔软", "柔軟"}}
	titleExtras = []phrase{{"男女", "男女"}, {"家用", "家用"}, {"送礼", "送禮"}, {"情侣款", "情侶款"}, {"基础款", "基礎款"}}
)

// Colours, sizes and variants for SKU names.
var (
	colours = []phrase{
		{"白色", "白色"}, {"黑色", "黑色"}, {"灰色", "灰色"}, {"藏青", "藏青"}, {"卡其", "卡其"},
		{"米白", "米白"}, {"浅蓝", "淺藍"}, {"粉色", "粉色"}, {"酒红", "酒紅"}, {"墨绿", "墨綠"},
		{"杏色", "杏色"}, {"燕麦", "燕麥"},
	}
	sizes       = []string{"S", "M", "L", "XL", "XXL"}
	bedSizes    = []phrase{{"1.5米床", "1.5米床"}, {"1.8米床", "1.8米床"}, {"2.0米床", "2.0米床"}}
	walletSizes = []phrase{{"短款", "短款"}, {"长款", "長款"}}
)

// Alt text filler.
var (
	mainViews = []phrase{{"正面图", "正面圖"}, {"背面图", "背面圖"}, {"细节图", "細節圖"}, {"面料特写", "面料特寫"}, {"实拍图", "實拍圖"}}
	descViews = []phrase{{"细节展示", "細節展示"}, {"场景图", "場景圖"}, {"尺寸参考", "尺寸參考"}}
)

// Service filler items; each is long enough to keep two plants apart.
var serviceItems = []phrase{
	{"正品保障，放心选购", "正品保障，放心選購"},
	{"品质保障，售后无忧", "品質保障，售後無憂"},
	{"客服在线，及时回复", "客服在線，及時回覆"},
	{"破损补寄，售后省心", "破損補寄，售後省心"},
}

// Description sentence openers put before a planted phrase.
var descOpeners = []phrase{{"温馨提示：", "溫馨提示："}, {"购买须知：", "購買須知："}, {"说明：", "說明："}}

// Attribute names and values.
var (
	attrBrand   = phrase{"品牌", "品牌"}
	attrSeason  = phrase{"适用季节", "適用季節"}
	attrItemNo  = phrase{"货号", "貨號"}
	attrFit     = phrase{"版型", "版型"}
	fitValues   = []phrase{{"宽松", "寬鬆"}, {"修身", "修身"}, {"常规", "常規"}}
	paymentCOD  = phrase{"货到付款", "貨到付款"}
	paymentCard = phrase{"信用卡", "信用卡"}
	paymentAli  = phrase{"支付宝", "支付寶"}
)

// fillerVocab lists every filler phrase of the listing texts, for the
// vocabulary test (SKU names such as 1.5米床 are not listing text).
func fillerVocab() []phrase {
	var out []phrase
	out = append(out, brandName)
	out = append(out, titleAdjs...)
	out = append(out, titleExtras...)
	out = append(out, colours...)
	out = append(out, walletSizes...)
	out = append(out, mainViews...)
	out = append(out, descViews...)
	out = append(out, serviceItems...)
	out = append(out, descOpeners...)
	out = append(out, lineClothing...)
	out = append(out, lineCommon...)
	out = append(out, attrBrand, attrSeason, attrItemNo, attrFit, attrFabric, attrMaterial)
	out = append(out, fitValues...)
	for _, s := range sizes {
		out = append(out, phrase{s, s})
	}
	for _, p := range products {
		out = append(out, p.noun)
		if p.claim.s == "" {
			out = append(out, p.name)
		}
		out = append(out, p.seasons...)
		out = append(out, p.lines...)
	}
	return out
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Salesbook backs up this book when you close it, every 30 minutes while you work, and before imports and upgrades. It keeps the last 10, one a day for a week, one a week for a month and one a month for a year.</source>
        <translation>关闭账本时、工作期间每 30 分钟、以及导入和升级之前，销售台账都会自动备份这个账本。保留最近 10 份、一周内每天一份、一个月内每周一份、一年内每月一份。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>送货记录</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Folder: {path}</source>
        <translation>文件夹：{path}</translation>
    </message>
    <message>
        <source>good</source>
        <translation>完好</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>No backups yet: the first one is made when you close the book.</source>
        <translation>还没有备份：关闭账本时会自动做第一份。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up: {id} ({size})</source>
        <translation>已备份：{id}（{size}）</translation>
    </message>
    <message>
        <source>Replace the book with the backup of {when}?

The book as it is now is kept as a backup first, so you can come back to it.</source>
        <translation>用 {when} 的备份替换现在的账本？

现在的账本会先保存为一份备份，随时可以恢复回来。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Restored the backup of {when}. The replaced book was kept as backup {kept}.</source>
        <translation>已恢复 {when} 的备份。被替换的账本已保存为备份 {kept}。</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Log a complaint</source>
        <translation>记录投诉</translation>
    </message>
    <message>
        <source>(no particular product)</source>
        <translation>（不针对某个商品）</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What happened, in the customer&apos;s words</source>
        <translation>发生了什么，照客户的原话写</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Complaint logged: {customer}</source>
        <translation>已记录投诉：{customer}</translation>
    </message>
</context>
<context>
    <name>ComplaintModel</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Open for %n day(s)</source>
        <translation>
            <numerusform>已 %n 天未解决</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Complaints</name>
    <message>
        <source>Resolve…</source>
        <translation>解决…</translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation>记录回访</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Log contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>Resolved {date}, visit to follow up: {what}</source>
        <translation>投诉已于{date}解决，去回访：{what}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Days open</source>
        <translation>未解决天数</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>follow-up visit</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>{customer}, {date}: {what}</source>
        <translation>{customer}，{date}：{what}</translation>
    </message>
    <message>
        <source>Product: {product}</source>
        <translation>商品：{product}</translation>
    </message>
    <message>
        <source>Put right {date}: {how}</source>
        <translation>{date}解决：{how}</translation>
    </message>
    <message>
        <source>A visit soon shows you care: suggested until {date}</source>
        <translation>尽快上门回访，让客户感到被重视：建议在{date}前</translation>
    </message>
</context>
<context>
    <name>ComplaintsTable</name>
    <message>
        <source>An open complaint is the strongest sign a customer may leave: put it right first. Once it is put right, a visit often wins them over.</source>
        <translation>未解决的投诉是客户要流失的最强信号：先把它解决。解决之后上门回访，往往能赢得客户。</translation>
    </message>
    <message>
        <source>Log a complaint…</source>
        <translation>记录投诉…</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message numerus="yes">
        <source>Complaints {n} (%n visit(s))</source>
        <translation>
            <numerusform>投诉 {n} 件（回访 %n 位）</numerusform>
        </translation>
    </message>
    <message>
        <source>Complaints {n}</source>
        <translation>投诉 {n} 件</translation>
    </message>
    <message>
        <source>No open complaints</source>
        <translation>没有未解决的投诉</translation>
    </message>
    <message>
        <source>When a customer complains, log it here: it stays on Today until it is put right, and then reminds you to visit them.</source>
        <translation>客户投诉时在这里记下：解决之前它会一直留在今日页，解决之后会提醒你去回访。</translation>
    </message>
    <message>
        <source>Follow-up visit logged: {customer}</source>
        <translation>已记录回访：{customer}</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Log a contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What was said, what to do next</source>
        <translation>聊了什么，下一步做什么</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Contact logged with {customer} ({kind})</source>
        <translation>已记录与 {customer} 的联系（{kind}）</translation>
    </message>
</context>
<context>
    <name>CustomerDetail</name>
    <message>
        <source>Delivery…</source>
        <translation>送货…</translation>
    </message>
    <message>
        <source>Payment…</source>
        <translation>收款…</translation>
    </message>
    <message>
        <source>Contact…</source>
        <translation>联系…</translation>
    </message>
    <message>
        <source>Level…</source>
        <translation>调整关系…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>Household and pay</source>
        <translation>家庭与发薪</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Payday</source>
        <translation>发薪日</translation>
    </message>
    <message>
        <source>Remind before run-out</source>
        <translation>用完前提醒</translation>
    </message>
    <message>
        <source>Money</source>
        <translation>账款</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>欠款</translation>
    </message>
    <message>
        <source>Collect on</source>
        <translation>收款日</translation>
    </message>
    <message>
        <source>Bought in total</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>下次回访</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Form of address</source>
        <translation>称呼</translation>
    </message>
    <message>
        <source>Delivery habits</source>
        <translation>送货习惯</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Rule of thumb / day</source>
        <translation>经验用量/天</translation>
    </message>
    <message>
        <source>Learned / day</source>
        <translation>实际用量/天</translation>
    </message>
    <message>
        <source>In stock now</source>
        <translation>当前存量</translation>
    </message>
    <message>
        <source>Runs out</source>
        <translation>预计用完</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Delivery history of</source>
        <translation>送货记录图：</translation>
    </message>
    <message>
        <source>predicted run-out</source>
        <translation>预计用完</translation>
    </message>
    <message>
        <source>Drawing the chart…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原关系</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新关系</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>送货记录</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款记录</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <source>Relationship history</source>
        <translation>关系变化</translation>
    </message>
    <message>
        <source>This family uses about</source>
        <translation>这家每天约用</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>The book believes this household uses little {product}: about {rate} a day (rule of thumb {rule}). If that is wrong, set its rate below.</source>
        <translation>账本认为这家{product}用得少：每天约 {rate}（经验值 {rule}）。不对的话请在下面设置这家的用量。</translation>
    </message>
    <message>
        <source>The book believes this household uses a lot of {product}: about {rate} a day (rule of thumb {rule}). If that is wrong, set its rate below.</source>
        <translation>账本认为这家{product}用得多：每天约 {rate}（经验值 {rule}）。不对的话请在下面设置这家的用量。</translation>
    </message>
    <message>
        <source>{unit} a day</source>
        <translation>{unit}</translation>
    </message>
    <message>
        <source>set by you</source>
        <translation>你设置的</translation>
    </message>
    <message>
        <source>estimated by the book</source>
        <translation>账本估计的</translation>
    </message>
    <message>
        <source>Rate saved</source>
        <translation>已保存用量</translation>
    </message>
    <message>
        <source>Rate cleared</source>
        <translation>已清除用量</translation>
    </message>
    <message>
        <source> · archived</source>
        <translation> · 已归档</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>the book&apos;s setting</source>
        <translation>按账本设置</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未联系</translation>
    </message>
    <message>
        <source>No deliveries yet: the chart appears after the first one.</source>
        <translation>还没有送货记录：第一次送货后这里会出现图表。</translation>
    </message>
    <message>
        <source>rule of thumb</source>
        <translation>经验</translation>
    </message>
    <message>
        <source>learned</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>no estimate</source>
        <translation>无法估计</translation>
    </message>
    <message>
        <source> (elsewhere)</source>
        <translation>（别处购买）</translation>
    </message>
    <message numerus="yes">
        <source>Deliveries (%n)</source>
        <translation>
            <numerusform>送货记录（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Payments (%n)</source>
        <translation>
            <numerusform>收款记录（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Contacts (%n)</source>
        <translation>
            <numerusform>联系记录（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>new customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Suggestion: move {name} up to {level}. {reason}</source>
        <translation>建议把 {name} 升为「{level}」：{reason}</translation>
    </message>
    <message>
        <source>%b %d</source>
        <translation>%m月%d日</translation>
    </message>
    <message>
        <source>Fill in the household size to predict what this customer needs before their first deliveries show it.</source>
        <translation>请填写家庭人数：在送货记录足够之前，靠人数预测这位客户的用量。</translation>
    </message>
    <message>
        <source>estimated stock</source>
        <translation>估计存量</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>送货</translation>
    </message>
    <message>
        <source>bought elsewhere</source>
        <translation>别处购买</translation>
    </message>
    <message>
        <source>runs out {date}</source>
        <translation>预计{date}用完</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>no deliveries yet</source>
        <translation>还没有送货记录</translation>
    </message>
    <message>
        <source>Relationship level saved</source>
        <translation>关系已保存</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉记录</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算用量</translation>
    </message>
    <message>
        <source>Share we supply</source>
        <translation>我们供应的比例</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>解决…</translation>
    </message>
    <message>
        <source>Log a complaint…</source>
        <translation>记录投诉…</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Put right on</source>
        <translation>解决日期</translation>
    </message>
    <message>
        <source>How it was put right</source>
        <translation>解决办法</translation>
    </message>
    <message>
        <source>No complaints</source>
        <translation>没有投诉</translation>
    </message>
    <message>
        <source>When this customer complains, log it here: it stays on Today until it is put right.</source>
        <translation>客户投诉时在这里记下：问题解决之前，它会一直留在今日待办里。</translation>
    </message>
    <message>
        <source>rule of thumb and learned</source>
        <translation>经验与实际结合</translation>
    </message>
    <message>
        <source>enough for now</source>
        <translation>还够用</translation>
    </message>
    <message numerus="yes">
        <source>Open for %n day(s)</source>
        <translation>
            <numerusform>已 %n 天未解决</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put right in %n day(s)</source>
        <translation>
            <numerusform>%n 天内解决</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Complaints (%n)</source>
        <translation>
            <numerusform>投诉记录（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n complaint(s) still open: put it right first, then visit to follow up.</source>
        <translation>
            <numerusform>还有 %n 件投诉未解决：先把问题解决，再上门回访。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every complaint was put right.</source>
        <translation>投诉都已解决。</translation>
    </message>
    <message numerus="yes">
        <source>%n open complaint(s)</source>
        <translation>
            <numerusform>%n 件投诉未解决</numerusform>
        </translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message numerus="yes">
        <source>Move %n records to trash</source>
        <translation>
            <numerusform>将 %n 条记录移到回收站</numerusform>
        </translation>
    </message>
    <message>
        <source>delivery</source>
        <translation>送货</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>contact</source>
        <translation>联系</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, with %n payment(s) taken on delivery: {amounts}</source>
        <translation>
            <numerusform>，连同货到付款的 %n 笔收款：{amounts}</numerusform>
        </translation>
    </message>
    <message>
        <source>Moved to the trash: {what}{along} (undo with {keys})</source>
        <translation>已移到回收站：{what}{along}（可撤销 {keys}）</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>e.g. 139 1234 5678</source>
        <translation>例如 139 1234 5678</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Form of address</source>
        <translation>称呼</translation>
    </message>
    <message>
        <source>how messages greet them, e.g. 王姐, 李师傅</source>
        <translation>消息里怎么称呼对方，例如 王姐、李师傅</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Household size</source>
        <translation>家庭人数</translation>
    </message>
    <message>
        <source>people, e.g. 4</source>
        <translation>人数，例如 4</translation>
    </message>
    <message>
        <source>Payday</source>
        <translation>发薪日</translation>
    </message>
    <message>
        <source>e.g. 10, 31 (month end), 5,20, weekly:fri</source>
        <translation>例如 10、月底、5,20、每周五</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Why the level changed</source>
        <translation>关系变化的原因</translation>
    </message>
    <message>
        <source>Remind days before run-out</source>
        <translation>用完前几天提醒</translation>
    </message>
    <message>
        <source>empty: the book&apos;s setting</source>
        <translation>留空：按账本设置</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>shown when a delivery is recorded and on the visit plan, e.g. 放门口</source>
        <translation>记录送货时和拜访计划上会显示，例如 放门口</translation>
    </message>
    <message>
        <source>Delivery habits</source>
        <translation>送货习惯</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>→ not understood yet</source>
        <translation>→ 无法识别</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存：{name}</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Name, phone or pinyin initials</source>
        <translation>姓名、电话或拼音首字母</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更换</translation>
    </message>
    <message>
        <source>No customer matches</source>
        <translation>没有匹配的客户</translation>
    </message>
</context>
<context>
    <name>Customers</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>欠款</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Next run-out</source>
        <translation>最早用完</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message numerus="yes">
        <source>Ran out %n day(s) ago: at risk, they may be buying elsewhere</source>
        <translation>
            <numerusform>已用完 %n 天：有流失风险，可能在别处买了</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ran out %n day(s) ago</source>
        <translation>
            <numerusform>已用完 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Runs out today</source>
        <translation>今天用完</translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <source>Search: name, phone or pinyin initials (wjg finds 王建国)</source>
        <translation>搜索：姓名、电话或拼音首字母（输入 wjg 找到 王建国）</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部片区</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>全部关系</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Owing</source>
        <translation>有欠款</translation>
    </message>
    <message>
        <source>Resupply due</source>
        <translation>该补货</translation>
    </message>
    <message>
        <source>Ran out</source>
        <translation>已用完</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>有流失风险</translation>
    </message>
    <message>
        <source>Archived too</source>
        <translation>含已归档</translation>
    </message>
    <message>
        <source>New customer…</source>
        <translation>新客户…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delivery…</source>
        <translation>送货…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>No customer matches</source>
        <translation>没有匹配的客户</translation>
    </message>
    <message>
        <source>Check the spelling, or try pinyin initials: wjg finds 王建国.</source>
        <translation>检查一下拼写，或试试拼音首字母：输入 wjg 找到 王建国。</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>清除搜索和筛选</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>添加客户</translation>
    </message>
    <message>
        <source>Import a spreadsheet…</source>
        <translation>导入表格…</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <source>Add the households and shops you sell to.</source>
        <translation>把你供货的家庭和店铺加进来。</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>共 %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restored {name}</source>
        <translation>已恢复：{name}</translation>
    </message>
    <message>
        <source>Archived {name}</source>
        <translation>已归档：{name}</translation>
    </message>
    <message>
        <source>Archive customer</source>
        <translation>归档客户</translation>
    </message>
    <message>
        <source>Archive {name}? They leave the lists and Today; their history is kept and they can be restored.</source>
        <translation>归档 {name}？归档后不再出现在列表和今日待办里；历史记录会保留，随时可以恢复。</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>Record a delivery</source>
        <translation>记录送货</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>e.g. 10</source>
        <translation>例如 10</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price (yuan)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Paid on delivery</source>
        <translation>当场付款</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The book has no products yet: add them in Settings</source>
        <translation>账本里还没有商品：请先在“设置”里添加</translation>
    </message>
    <message>
        <source>Delivery habits: {note}</source>
        <translation>送货习惯：{note}</translation>
    </message>
    <message>
        <source>Choose a product</source>
        <translation>请选择商品</translation>
    </message>
    <message>
        <source>Recorded for {customer}: {quantity} {unit} {product} ({amount}); runs out about {date}</source>
        <translation>已记录：{customer} {product} {quantity} {unit}（{amount}），预计 {date} 用完</translation>
    </message>
    <message>
        <source>Recorded for {customer}: {quantity} {unit} {product} ({amount})</source>
        <translation>已记录：{customer} {product} {quantity} {unit}（{amount}）</translation>
    </message>
</context>
<context>
    <name>DueTable</name>
    <message numerus="yes">
        <source>Write %n message(s)…</source>
        <translation>
            <numerusform>给选中的 %n 位客户写消息…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>{action}: {product}</source>
        <translation>{action}：{product}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>导出什么</translation>
    </message>
    <message>
        <source>The whole book: customers, deliveries, payments, contacts, forecast</source>
        <translation>整个账本：客户、送货、收款、联系、预测</translation>
    </message>
    <message>
        <source>The due list of the day (ready to print)</source>
        <translation>当天的待办清单（可直接打印）</translation>
    </message>
    <message>
        <source>The visit plan of the day (ready to print)</source>
        <translation>当天的拜访计划（可直接打印）</translation>
    </message>
    <message>
        <source>A summary for your manager</source>
        <translation>给经理的汇总</translation>
    </message>
    <message>
        <source>Also what falls due in the next</source>
        <translation>另含之后</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天内到期的事项</translation>
    </message>
    <message>
        <source>Plan for</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>day(s) from the date</source>
        <translation>天（从所选日期起）</translation>
    </message>
    <message>
        <source>Your name, as your manager knows you</source>
        <translation>你的名字（经理认识的那个）</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>Write your name: the manager&apos;s team book sorts by it.</source>
        <translation>请填写名字：经理的团队账本按名字区分业务员。</translation>
    </message>
    <message>
        <source> days up to the date</source>
        <translation> 天（截至所选日期）</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Chinese (中文)</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English（英文）</translation>
    </message>
    <message>
        <source>Sheet names and headers in</source>
        <translation>工作表名和表头语言</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting to {file}…</source>
        <translation>正在导出到 {file}…</translation>
    </message>
    <message>
        <source>Writing sheet {sheet}: {rows} rows…</source>
        <translation>正在写入工作表 {sheet}：{rows} 行…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation>已取消导出：没有写入任何文件。</translation>
    </message>
    <message>
        <source>Saved {path}
{detail}</source>
        <translation>已保存 {path}
{detail}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Exported {file}</source>
        <translation>已导出 {file}</translation>
    </message>
    <message>
        <source>The file may be open in Excel or WPS, or the folder is read-only: close the file there, or choose another name or folder.</source>
        <translation>这个文件可能正在 Excel 或 WPS 中打开，或者文件夹是只读的：请先在那里关闭文件，或换一个文件名或文件夹。</translation>
    </message>
    <message>
        <source>The disk is full: free some space or choose another drive.</source>
        <translation>磁盘已满：请清理一些空间，或换一个磁盘。</translation>
    </message>
    <message>
        <source>Choose another name or folder.</source>
        <translation>请换一个文件名或文件夹。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>文件类型：</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a spreadsheet</source>
        <translation>导入表格</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>An Excel (.xlsx, .xls), .ods or .csv file</source>
        <translation>Excel（.xlsx、.xls）、.ods 或 .csv 文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>It holds</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>(guess from the headers)</source>
        <translation>（按表头自动判断）</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>deliveries</source>
        <translation>送货记录</translation>
    </message>
    <message>
        <source>payments</source>
        <translation>收款记录</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Choose a file: the header row and the columns are found by themselves.</source>
        <translation>选择一个文件：会自动找到表头和各列。</translation>
    </message>
    <message>
        <source>Which column is which</source>
        <translation>各列对应</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Is</source>
        <translation>对应为</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一行的值</translation>
    </message>
    <message>
        <source>The first rows as they would be imported</source>
        <translation>前几行导入后的样子</translation>
    </message>
    <message>
        <source>Import the good rows and skip the bad ones</source>
        <translation>导入没有问题的行，跳过有问题的行</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv)</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>{file}, sheet {sheet}: header in row {row}, {n} rows below it.</source>
        <translation>{file}，工作表“{sheet}”：表头在第 {row} 行，下面有 {n} 行。</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>(column {n})</source>
        <translation>（第 {n} 列）</translation>
    </message>
    <message>
        <source>Still needed: a column for {fields}</source>
        <translation>还缺少这些列：{fields}</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>skip (already there)</source>
        <translation>跳过（已存在）</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Importing {file}</source>
        <translation>正在导入 {file}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import cancelled: the book was not changed.</source>
        <translation>导入已取消，账本没有改动。</translation>
    </message>
    <message>
        <source>Fix these rows in the file, or tick “skip the bad ones” and import again.</source>
        <translation>请在文件里改好这些行，或勾选“跳过有问题的行”再导入。</translation>
    </message>
    <message>
        <source>Imported {n} row(s) from {file}: {new} new, {updated} updated, {same} unchanged.</source>
        <translation>已从 {file} 导入 {n} 行：新增 {new}，更新 {updated}，未变 {same}。</translation>
    </message>
    <message>
        <source>{n} row(s) repeated a customer of an earlier row and were merged into it (where both rows have a value, the later one wins).</source>
        <translation>{n} 行与前面某行是同一位客户，已合并（两行都填了的栏目，以后一行为准）。</translation>
    </message>
    <message>
        <source>{n} row(s) repeated a record already in the book and were skipped.</source>
        <translation>{n} 行与账本里已有的记录重复，已跳过。</translation>
    </message>
    <message>
        <source>{n} total row(s) (合计/小计) were skipped.</source>
        <translation>{n} 行合计/小计行已跳过。</translation>
    </message>
    <message>
        <source>Names that start like a spreadsheet formula (imported as typed; check them):</source>
        <translation>以下姓名开头像表格公式（已按原样导入，请检查）：</translation>
    </message>
    <message>
        <source>row {row}: {name}</source>
        <translation>第 {row} 行：{name}</translation>
    </message>
    <message>
        <source>Skipped {n} row(s) with problems:</source>
        <translation>跳过 {n} 行有问题的行：</translation>
    </message>
    <message>
        <source>This import can be undone as one step (import {id}).</source>
        <translation>这次导入可以一步撤销（导入编号 {id}）。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Open or create a book first (File menu)</source>
        <translation>请先打开或新建账本（文件菜单）</translation>
    </message>
    <message>
        <source>Import a whole book</source>
        <translation>导入整本账</translation>
    </message>
    <message>
        <source>Workbooks written by Export (*.xlsx)</source>
        <translation>导出的整本账工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>LevelDialog</name>
    <message>
        <source>Change relationship level</source>
        <translation>调整关系</translation>
    </message>
    <message>
        <source>New level</source>
        <translation>新关系</translation>
    </message>
    <message>
        <source>e.g. introduced two neighbours</source>
        <translation>例如：介绍了两位邻居</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Visit plan</source>
        <translation>拜访计划</translation>
    </message>
    <message>
        <source>Relationships</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New book…</source>
        <translation>新建账本(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open book…</source>
        <translation>打开账本(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent books</source>
        <translation>最近的账本</translation>
    </message>
    <message>
        <source>Open a &amp;demo book</source>
        <translation>打开演示账本(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Import a spreadsheet…</source>
        <translation>导入表格(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Whole book…</source>
        <translation>整本账(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Save a &amp;copy of the book…</source>
        <translation>另存账本副本(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delivery…</source>
        <translation>送货(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Payment…</source>
        <translation>收款(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Contact…</source>
        <translation>联系(&amp;C)…</translation>
    </message>
    <message>
        <source>New &amp;customer…</source>
        <translation>新客户(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Salesbook</source>
        <translation>关于销售台账(&amp;A)</translation>
    </message>
    <message>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <source>Book in use</source>
        <translation>账本正在使用</translation>
    </message>
    <message>
        <source>This book is open in another Salesbook window, so it opened read-only here.</source>
        <translation>这个账本已在另一个销售台账窗口中打开，这里只能查看，不能修改。</translation>
    </message>
    <message>
        <source>Salesbook</source>
        <translation>销售台账</translation>
    </message>
    <message>
        <source>No book open</source>
        <translation>没有打开账本</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>团队(&amp;T)</translation>
    </message>
    <message>
        <source>Team &amp;window…</source>
        <translation>团队窗口(&amp;W)…</translation>
    </message>
    <message>
        <source>Open a &amp;server team book…</source>
        <translation>打开服务器上的团队账本(&amp;S)…</translation>
    </message>
    <message>
        <source>Demo book (deleted when you quit)</source>
        <translation>演示账本（退出时删除）</translation>
    </message>
    <message numerus="yes">
        <source>{path} · %n customer(s)</source>
        <translation>
            <numerusform>{path} · %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>New book</source>
        <translation>新建账本</translation>
    </message>
    <message>
        <source>Salesbook books (*.db)</source>
        <translation>销售台账账本 (*.db)</translation>
    </message>
    <message>
        <source>{path} already exists: use Open.</source>
        <translation>{path} 已存在，请用“打开账本”。</translation>
    </message>
    <message>
        <source>Open a book</source>
        <translation>打开账本</translation>
    </message>
    <message>
        <source>Salesbook books (*.db);;All files (*)</source>
        <translation>销售台账账本 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>No recent books</source>
        <translation>没有最近的账本</translation>
    </message>
    <message>
        <source>Writing a demo book…</source>
        <translation>正在生成演示账本…</translation>
    </message>
    <message>
        <source>Writing a demo book</source>
        <translation>正在生成演示账本</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Demo book cancelled</source>
        <translation>已取消生成演示账本</translation>
    </message>
    <message>
        <source>Save a copy of the book</source>
        <translation>另存账本副本</translation>
    </message>
    <message>
        <source>Copy saved: {path}</source>
        <translation>副本已保存：{path}</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>撤销 {what}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>重做 {what}(&amp;R)</translation>
    </message>
    <message>
        <source>Undone: {what}</source>
        <translation>已撤销：{what}</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <source>Redone: {what}</source>
        <translation>已重做：{what}</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <source>Open or create a book first (File menu)</source>
        <translation>请先打开或新建账本（文件菜单）</translation>
    </message>
    <message>
        <source>About Salesbook</source>
        <translation>关于销售台账</translation>
    </message>
    <message>
        <source>Salesbook {version}

A field sales rep&apos;s customer book: who to resupply, collect from and call on, every morning.</source>
        <translation>销售台账 {version}

业务员的客户台账：每天早上告诉你该给谁补货、找谁收款、去看望谁。</translation>
    </message>
    <message>
        <source>Language: {name}</source>
        <translation>语言：{name}</translation>
    </message>
    <message>
        <source>&amp;Trash…</source>
        <translation>回收站(&amp;T)…</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <source>Write message</source>
        <translation>写消息</translation>
    </message>
    <message>
        <source>About</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Most urgent</source>
        <translation>最紧急的事项</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Log it as a message sent to the customer</source>
        <translation>记为已发给客户的消息（联系记录）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>Also due: {what}</source>
        <translation>还有：{what}</translation>
    </message>
    <message>
        <source>Copied: paste it into WeChat or an SMS</source>
        <translation>已复制：粘贴到微信或短信里发送</translation>
    </message>
    <message>
        <source>Logged the message to {customer}</source>
        <translation>已记下发给 {customer} 的消息</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>upcoming</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>有风险</translation>
    </message>
    <message>
        <source>Resupply</source>
        <translation>补货</translation>
    </message>
    <message>
        <source>Collect</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>dddd, MMM d, yyyy</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>Win back</source>
        <translation>挽回</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record a payment</source>
        <translation>记录收款</translation>
    </message>
    <message>
        <source>Owed now</source>
        <translation>当前欠款</translation>
    </message>
    <message>
        <source>yuan, e.g. 320</source>
        <translation>元，例如 320</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Payment from {customer}: {amount}; still owed {balance}</source>
        <translation>已收款：{customer} {amount}，尚欠 {balance}</translation>
    </message>
</context>
<context>
    <name>PlanView</name>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Stops per day</source>
        <translation>每天拜访数</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Nobody needs a visit on this day.</source>
        <translation>这一天没有需要拜访的客户。</translation>
    </message>
    <message>
        <source>Pick a later day, or look at Today with a few days ahead.</source>
        <translation>换一个日期，或在“今日”里往后多看几天。</translation>
    </message>
    <message numerus="yes">
        <source>%n stop(s)</source>
        <translation>
            <numerusform>共 %n 站</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more wait for another day</source>
        <translation>
            <numerusform>另有 %n 位客户排到以后</numerusform>
        </translation>
    </message>
    <message>
        <source>No stops.</source>
        <translation>没有安排。</translation>
    </message>
    <message>
        <source>No area</source>
        <translation>未分片区</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>What and why</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Visit plan</source>
        <translation>拜访计划</translation>
    </message>
    <message>
        <source>Delivery habits: {note}</source>
        <translation>送货习惯：{note}</translation>
    </message>
    <message>
        <source>Last delivery ({date}, {product}): {note}</source>
        <translation>上次送货（{date}，{product}）：{note}</translation>
    </message>
    <message numerus="yes">
        <source>Open complaint: {what} · %n day(s)</source>
        <translation>
            <numerusform>投诉未处理：{what} · 已 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>visit-plan</source>
        <translation>拜访计划</translation>
    </message>
    <message>
        <source>Save the visit plan as PDF</source>
        <translation>把拜访计划保存为 PDF</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Print the visit plan</source>
        <translation>打印拜访计划</translation>
    </message>
    <message>
        <source>Sent the plan to the printer</source>
        <translation>已发送到打印机</translation>
    </message>
</context>
<context>
    <name>PyramidWidget</name>
    <message>
        <source>guideline ≈ {n}</source>
        <translation>参考 ≈ {n}</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a customer first</source>
        <translation>请先选择客户</translation>
    </message>
</context>
<context>
    <name>RelationshipsView</name>
    <message>
        <source>Your pyramid</source>
        <translation>你的关系金字塔</translation>
    </message>
    <message>
        <source>Of about 100 people a rep knows, about 50 become acquaintances, 10 friends and 3-5 confidants.</source>
        <translation>经验法则：认识的约 100 人里，大约 50 人成为熟人，10 人成为朋友，3–5 人成为知己。</translation>
    </message>
    <message>
        <source>Customers who are</source>
        <translation>关系为</translation>
    </message>
    <message>
        <source>Upgrade suggestions</source>
        <translation>升级建议</translation>
    </message>
    <message>
        <source>The book only suggests; you decide. Accepting records the reason in the customer&apos;s history.</source>
        <translation>账本只给建议，由你决定。接受后会把理由记进客户的关系变化里。</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No suggestions right now. They appear as customers buy regularly and you keep in touch.</source>
        <translation>目前没有建议。客户稳定回购、你也常联系时，这里会出现升级建议。</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>不再提示</translation>
    </message>
    <message>
        <source>{name} is now: {level}</source>
        <translation>{name} 现在是「{level}」</translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>Remind me later</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>In an hour</source>
        <translation>1 小时后</translation>
    </message>
    <message>
        <source>In three hours</source>
        <translation>3 小时后</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Nothing is due today.</source>
        <translation>今天没有待办事项。</translation>
    </message>
    <message>
        <source>Today: {summary}</source>
        <translation>今日待办：{summary}</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Resupply {n}</source>
        <translation>补货 {n} 位</translation>
    </message>
    <message>
        <source>Resupply {n} ({items} items)</source>
        <translation>补货 {n} 位（{items} 项）</translation>
    </message>
    <message>
        <source>win back {n}</source>
        <translation>挽回 {n} 位</translation>
    </message>
    <message>
        <source>win back {n} ({items} items)</source>
        <translation>挽回 {n} 位（{items} 项）</translation>
    </message>
    <message>
        <source>collect {c} ({owed})</source>
        <translation>收款 {c} 位（{owed}）</translation>
    </message>
    <message>
        <source>follow up {f}</source>
        <translation>回访 {f} 位</translation>
    </message>
    <message numerus="yes">
        <source> (%n visit(s))</source>
        <translation>
            <numerusform>（回访 %n 位）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n complaint visit(s)</source>
        <translation>
            <numerusform>投诉回访 %n 位</numerusform>
        </translation>
    </message>
    <message>
        <source>Show Salesbook</source>
        <translation>显示销售台账</translation>
    </message>
    <message>
        <source>What is due today</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Remind me in an hour</source>
        <translation>1 小时后再提醒</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Salesbook</source>
        <translation>销售台账</translation>
    </message>
    <message>
        <source>I will remind you again at {time}</source>
        <translation>将在 {time} 再次提醒</translation>
    </message>
    <message>
        <source>Salesbook: today</source>
        <translation>销售台账：今日待办</translation>
    </message>
    <message numerus="yes">
        <source>%n open complaint(s)</source>
        <translation>
            <numerusform>投诉 %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResolveComplaintDialog</name>
    <message>
        <source>Resolve a complaint</source>
        <translation>解决投诉</translation>
    </message>
    <message>
        <source>e.g. exchanged the bag, refunded the difference</source>
        <translation>例如：换了一袋新的，退了差价</translation>
    </message>
    <message>
        <source>How it was put right</source>
        <translation>解决办法</translation>
    </message>
    <message>
        <source>Put right on</source>
        <translation>解决日期</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Complaint put right: {customer}. Visit them soon to follow up.</source>
        <translation>投诉已解决：{customer}。记得尽快上门回访。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Remind this many days before run-out</source>
        <translation>用完前几天提醒</translation>
    </message>
    <message>
        <source>At risk: days past run-out or payday</source>
        <translation>超过用完日或发薪日多少天算有风险</translation>
    </message>
    <message>
        <source>A collection this many days late is at risk</source>
        <translation>收款逾期多少天算有风险</translation>
    </message>
    <message>
        <source>Visit plan: stops per day</source>
        <translation>拜访计划：每天拜访数</translation>
    </message>
    <message>
        <source>How good are the reminders on this book? Not checked yet.</source>
        <translation>提醒准不准？还没有检验。</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>现在检验</translation>
    </message>
    <message>
        <source>Keep in touch: days between contacts</source>
        <translation>回访间隔（天）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>A new customer&apos;s household-size estimate counts as much as</source>
        <translation>新客户按家庭人数的估算，算作</translation>
    </message>
    <message>
        <source>Value pyramid: Platinum is the top</source>
        <translation>价值金字塔：铂金为前</translation>
    </message>
    <message>
        <source>Gold: the next</source>
        <translation>黄金：其后</translation>
    </message>
    <message>
        <source>Iron: the next (the rest are Lead)</source>
        <translation>钢铁：再其后（其余为铅）</translation>
    </message>
    <message>
        <source> stops</source>
        <translation> 站</translation>
    </message>
    <message>
        <source> days of their own deliveries</source>
        <translation> 天的实际送货记录</translation>
    </message>
    <message>
        <source>no reminders</source>
        <translation>不提醒</translation>
    </message>
    <message>
        <source>Message templates…</source>
        <translation>消息模板…</translation>
    </message>
    <message>
        <source>Messages to customers</source>
        <translation>给客户的消息</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <source>Per person per day</source>
        <translation>人均日用量</translation>
    </message>
    <message>
        <source>Per person per day is the rule of thumb (e.g. rice 0.15 kg): with the household size it predicts a new customer&apos;s needs until their deliveries show the real rate.</source>
        <translation>人均日用量是经验值（例如大米每人每天 0.15 kg）：新客户送货记录不够时，用它乘以家庭人数来预测用量。</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Checking the forecast against this book&apos;s history…</source>
        <translation>正在用这个账本的历史检验预测…</translation>
    </message>
    <message>
        <source>Product row {row}: {message}</source>
        <translation>商品第 {row} 行：{message}</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>设置已保存</translation>
    </message>
</context>
<context>
    <name>TeamWindow</name>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>New team book…</source>
        <translation>新建团队账本…</translation>
    </message>
    <message>
        <source>Open team book…</source>
        <translation>打开团队账本…</translation>
    </message>
    <message>
        <source>Server team book…</source>
        <translation>服务器上的团队账本…</translation>
    </message>
    <message>
        <source>Open a server team book (PostgreSQL) by its URL</source>
        <translation>按网址打开服务器（PostgreSQL）上的团队账本</translation>
    </message>
    <message>
        <source>Import summaries…</source>
        <translation>导入汇总…</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>Bring back previous summary…</source>
        <translation>找回之前的汇总…</translation>
    </message>
    <message>
        <source>Select a rep: their summary before the last import comes back (the current one is kept)</source>
        <translation>先选一名业务员：找回最近一次导入前的汇总（当前的汇总会保留）</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Due this week</source>
        <translation>本周到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Owing</source>
        <translation>欠款客户</translation>
    </message>
    <message>
        <source>{level} (guideline)</source>
        <translation>{level}（参考）</translation>
    </message>
    <message>
        <source>Drawing the chart…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <source>Reps</source>
        <translation>业务员</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>欠款</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Due list</source>
        <translation>全队待办</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <source>Based on</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation>匹配依据</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>匹配值</translation>
    </message>
    <message>
        <source>The same customer (same customer uid, or same phone) under two or more reps. They are not merged: decide who looks after the customer, and have the other rep archive them.</source>
        <translation>同一个客户（客户编号相同或电话相同）出现在两名以上业务员名下。系统不会自动合并：请决定由谁负责这个客户，并让另一名业务员把他归档。</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <source>team.db</source>
        <translation>团队账本.db</translation>
    </message>
    <message>
        <source>New team book</source>
        <translation>新建团队账本</translation>
    </message>
    <message>
        <source>Team book (*.db)</source>
        <translation>团队账本 (*.db)</translation>
    </message>
    <message>
        <source>Open a team book</source>
        <translation>打开团队账本</translation>
    </message>
    <message>
        <source>Open a server team book</source>
        <translation>打开服务器上的团队账本</translation>
    </message>
    <message>
        <source>The team book&apos;s address on the PostgreSQL server, e.g.
postgresql://manager@server.example.com/salesbook

No password here: it is read from ~/.pgpass (Windows: %APPDATA%\postgresql\pgpass.conf) or the PGPASSWORD environment variable. The connection uses TLS when the server offers it.</source>
        <translation>团队账本在 PostgreSQL 服务器上的网址，例如：
postgresql://manager@server.example.com/salesbook

这里不填密码：密码从 ~/.pgpass（Windows：%APPDATA%\postgresql\pgpass.conf）或环境变量 PGPASSWORD 读取。服务器支持时连接使用 TLS 加密。</translation>
    </message>
    <message>
        <source>A server team book&apos;s address starts with postgresql://</source>
        <translation>服务器上团队账本的网址以 postgresql:// 开头</translation>
    </message>
    <message>
        <source>Take the password out of the address: put it in ~/.pgpass or PGPASSWORD. The address is remembered, and a password must never be stored in plain text.</source>
        <translation>请把密码从网址里去掉，写进 ~/.pgpass 或 PGPASSWORD：网址会被记住，密码绝不能以明文保存。</translation>
    </message>
    <message>
        <source>Import summaries</source>
        <translation>导入汇总</translation>
    </message>
    <message>
        <source>Summary workbooks (*.xlsx)</source>
        <translation>汇总工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Importing summaries</source>
        <translation>正在导入汇总</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{rep}: imported {file} ({n} customers, as of {on})</source>
        <translation>{rep}：已导入 {file}（{n} 个客户，截至 {on}）</translation>
    </message>
    <message>
        <source>{rep}: replaced older summary with {file} ({n} customers, as of {on})</source>
        <translation>{rep}：已用 {file} 替换较早的汇总（{n} 个客户，截至 {on}）</translation>
    </message>
    <message>
        <source>{rep}: kept the summary already here ({file} is not newer)</source>
        <translation>{rep}：保留已有的汇总（{file} 不比它新）</translation>
    </message>
    <message>
        <source>{rep}: not imported yet: {file} has {n} customers, the team book has {before}</source>
        <translation>{rep}：暂未导入：{file} 只有 {n} 个客户，团队账本里现有 {before} 个</translation>
    </message>
    <message>
        <source>{file}: not imported</source>
        <translation>{file}：未导入</translation>
    </message>
    <message>
        <source>Cancelled: the files after these were not imported.</source>
        <translation>已取消：其后的文件没有导入。</translation>
    </message>
    <message numerus="yes">
        <source>{rep}: {file} lists {n} customers; the team book has {before} for {rep}. Importing it removes %n customer(s) from the team report.</source>
        <translation>
            <numerusform>{rep}：{file} 只有 {n} 个客户，团队账本里 {rep} 现有 {before} 个。导入后团队报告会少 %n 个客户。</numerusform>
        </translation>
    </message>
    <message>
        <source>Is this summary right? The summary it replaces is kept: “Bring back previous summary…” restores it.</source>
        <translation>这份汇总对吗？被替换的汇总会保留，可用“找回之前的汇总…”恢复。</translation>
    </message>
    <message numerus="yes">
        <source>Import anyway (%n customer(s) go)</source>
        <translation>
            <numerusform>仍然导入（去掉 %n 个客户）</numerusform>
        </translation>
    </message>
    <message>
        <source>Bring back {rep}&apos;s previous summary (as of {on}, {n} customers)?

The current one (as of {now}, {now_n} customers) is kept: bringing back again restores it.</source>
        <translation>找回 {rep} 之前的汇总（截至 {on}，{n} 个客户）？

当前的汇总（截至 {now}，{now_n} 个客户）会保留：再找回一次即可换回。</translation>
    </message>
    <message>
        <source>Bring back previous summary</source>
        <translation>找回之前的汇总</translation>
    </message>
    <message>
        <source>Bring back</source>
        <translation>找回</translation>
    </message>
    <message>
        <source>Brought back {rep}&apos;s previous summary (as of {on}, {n} customers); the one it replaced (as of {was_on}, {was_n} customers) is kept: “Bring back previous summary…” swaps them again.</source>
        <translation>已找回 {rep} 之前的汇总（截至 {on}，{n} 个客户）；被撤下的汇总（截至 {was_on}，{was_n} 个客户）已保留：再点“找回之前的汇总…”可换回。</translation>
    </message>
    <message>
        <source>value</source>
        <translation>客户价值</translation>
    </message>
    <message>
        <source>total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <source>same customer uid</source>
        <translation>客户编号相同</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message numerus="yes">
        <source>Due list (%n)</source>
        <translation>
            <numerusform>全队待办（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything due by {end} (the week from {on}) and everything overdue, of all reps.</source>
        <translation>全体业务员到 {end} 为止到期的事项（{on} 起一周）以及所有逾期事项。</translation>
    </message>
    <message>
        <source>Showing the first {n} items, oldest first.</source>
        <translation>只显示最早的 {n} 项。</translation>
    </message>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation>
            <numerusform>冲突（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Receivables per rep</source>
        <translation>各业务员应收（元）</translation>
    </message>
    <message>
        <source>Due this week and overdue, per rep</source>
        <translation>各业务员本周到期与逾期</translation>
    </message>
    <message>
        <source>No summaries yet</source>
        <translation>还没有汇总</translation>
    </message>
    <message>
        <source>Team book: {path}</source>
        <translation>团队账本：{path}</translation>
    </message>
    <message>
        <source>No team book open</source>
        <translation>没有打开团队账本</translation>
    </message>
    <message>
        <source>A team book combines the summaries your reps send you. Create a new team book or open one, then import the summaries.</source>
        <translation>团队账本把业务员发来的汇总合在一起。新建或打开一个团队账本，然后导入汇总。</translation>
    </message>
    <message>
        <source>This team book is empty</source>
        <translation>这个团队账本还是空的</translation>
    </message>
    <message>
        <source>Import the summaries your reps sent you: each rep writes one with File &gt; Export &gt; A summary for your manager.</source>
        <translation>导入业务员发来的汇总：业务员用“文件 &gt; 导出 &gt; 给经理的汇总”生成。</translation>
    </message>
    <message numerus="yes">
        <source>%n rep(s)</source>
        <translation>
            <numerusform>%n 名业务员</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} customers · due this week {due} · overdue {over} · receivables {owed} · as of {on}</source>
        <translation>{n} 个客户 · 本周到期 {due} · 逾期 {over} · 应收 {owed} · 截至 {on}</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n 个冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Team-report_{on}.xlsx</source>
        <translation>团队报告_{on}.xlsx</translation>
    </message>
    <message>
        <source>Export the team report</source>
        <translation>导出团队报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>The file may be open in Excel or WPS: close it there, or choose another name.</source>
        <translation>这个文件可能正在 Excel 或 WPS 中打开：请先在那里关闭，或换一个文件名。</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Message templates</source>
        <translation>消息模板</translation>
    </message>
    <message>
        <source>Language of the messages</source>
        <translation>消息的语言</translation>
    </message>
    <message>
        <source>Placeholders: {称呼} form of address, {品名} product, {用完日期} run-out date, {欠款} amount owed, {发薪日} payday (or {address_as} {product} {runout} {owed} {payday}).</source>
        <translation>占位符：{称呼} 称呼，{品名} 商品，{用完日期} 预计用完日期，{欠款} 欠款金额，{发薪日} 发薪日（英文写法：{address_as} {product} {runout} {owed} {payday}）。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Back to the default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Preview on</source>
        <translation>预览客户</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{customer}: {text}</source>
        <translation>{customer}：{text}</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n template(s)</source>
        <translation>
            <numerusform>已保存 %n 个模板</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <source>Deliver</source>
        <translation>送货</translation>
    </message>
    <message>
        <source>Bought elsewhere</source>
        <translation>别处买了</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>推迟</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Write message…</source>
        <translation>写消息…</translation>
    </message>
    <message numerus="yes">
        <source>{product}: ran out {date}, %n day(s) ago</source>
        <translation>
            <numerusform>{product} 已于{date}用完（%n 天前）</numerusform>
        </translation>
    </message>
    <message>
        <source>{product}: runs out today</source>
        <translation>{product} 今天用完</translation>
    </message>
    <message numerus="yes">
        <source>owes {amount}, payday {date}, %n day(s) late</source>
        <translation>
            <numerusform>欠款 {amount}，发薪日 {date}，已过 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{level}, every %n day(s)</source>
        <translation>
            <numerusform>{level}，每 %n 天联系一次</numerusform>
        </translation>
    </message>
    <message>
        <source>{level}: never contacted</source>
        <translation>{level}：从未联系</translation>
    </message>
    <message numerus="yes">
        <source>{level}: no contact for %n day(s)</source>
        <translation>
            <numerusform>{level}：%n 天未联系</numerusform>
        </translation>
    </message>
    <message>
        <source>{product}: runs out {date}</source>
        <translation>{product} 预计{date}用完</translation>
    </message>
    <message>
        <source>owes {amount}, payday today</source>
        <translation>欠款 {amount}，今天发薪</translation>
    </message>
    <message>
        <source>owes {amount}, payday {date}</source>
        <translation>欠款 {amount}，发薪日 {date}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>What and why</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>{list} {customers} ({items} items)</source>
        <translation>{list} {customers} 位（{items} 项）</translation>
    </message>
    <message>
        <source>{list} {customers}</source>
        <translation>{list} {customers} 位</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Look ahead</source>
        <translation>往后看</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Write message…</source>
        <translation>写消息…</translation>
    </message>
    <message>
        <source>A message ready to paste into WeChat or an SMS, for each selected customer</source>
        <translation>给选中的每位客户写一条消息，可直接粘贴到微信或短信</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>{day} and the next %n day(s)</source>
        <translation>
            <numerusform>{day} 及之后 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Your book is empty</source>
        <translation>账本还是空的</translation>
    </message>
    <message>
        <source>Add your customers, or import them from a spreadsheet, and Salesbook will tell you every morning whom to visit.</source>
        <translation>添加客户，或从表格导入，销售台账每天早上会告诉你该去看谁。</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>添加客户</translation>
    </message>
    <message>
        <source>Import a spreadsheet…</source>
        <translation>导入表格…</translation>
    </message>
    <message>
        <source>Open a demo book</source>
        <translation>打开演示账本</translation>
    </message>
    <message>
        <source>Record a delivery…</source>
        <translation>记录送货…</translation>
    </message>
    <message>
        <source>Import deliveries…</source>
        <translation>导入送货记录…</translation>
    </message>
    <message>
        <source>No deliveries yet</source>
        <translation>还没有送货记录</translation>
    </message>
    <message>
        <source>Record each customer&apos;s deliveries (Ctrl+D) or import them: from what and when they buy, Salesbook predicts when they run out.</source>
        <translation>记录每位客户的送货（Ctrl+D）或从表格导入：根据买了什么、什么时候买，销售台账就能预计何时用完。</translation>
    </message>
    <message>
        <source>Nobody needs resupplying</source>
        <translation>没有需要补货的客户</translation>
    </message>
    <message>
        <source>No customer runs out by this day. Look ahead a few days to plan.</source>
        <translation>到这一天为止没有客户用完。往后多看几天，提前安排。</translation>
    </message>
    <message>
        <source>Nothing to collect</source>
        <translation>没有要收的款</translation>
    </message>
    <message>
        <source>No unpaid delivery has reached its payday.</source>
        <translation>没有到了发薪日还未付的货款。</translation>
    </message>
    <message>
        <source>Nobody to win back</source>
        <translation>没有要挽回的客户</translation>
    </message>
    <message>
        <source>No customer ran out long ago without buying again: nobody seems to buy elsewhere.</source>
        <translation>没有客户用完很久还没再买：看来没人在别处买。</translation>
    </message>
    <message>
        <source>Nobody is waiting for a call</source>
        <translation>没有需要回访的客户</translation>
    </message>
    <message>
        <source>Every customer was contacted within the cadence of their level.</source>
        <translation>每位客户都在回访间隔内联系过了。</translation>
    </message>
    <message>
        <source>Look ahead 7 days</source>
        <translation>往后看 7 天</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the customers to write to first</source>
        <translation>请先选中要发消息的客户</translation>
    </message>
    <message>
        <source>Snoozed {customer} until {date}</source>
        <translation>已推迟 {customer} 到 {date}</translation>
    </message>
    <message>
        <source>{customer} bought {product} elsewhere: the forecast was restocked</source>
        <translation>{customer} 在别处买了{product}：已按此更新预测</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <source>today {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Deleted deliveries, payments and contacts, and archived customers. Restore brings them back as they were, with the forecast and balance; Edit &gt; Undo takes a restore back.</source>
        <translation>删除的送货、收款、联系记录和归档的客户都在这里。恢复后原样回来，预测和欠款随之更新；恢复之后也可以用“编辑 &gt; 撤销”撤回。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>送货</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <source>Archived customers</source>
        <translation>已归档客户</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>送货</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系</translation>
    </message>
    <message>
        <source>{amount} (paid on a delivery in the trash: comes back with it)</source>
        <translation>{amount}（货到付款，随送货记录一起在回收站，恢复送货时一并恢复）</translation>
    </message>
    <message numerus="yes">
        <source>the newest %n</source>
        <translation>
            <numerusform>最新的 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in the trash</source>
        <translation>
            <numerusform>回收站里有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>The trash is empty</source>
        <translation>回收站是空的</translation>
    </message>
    <message>
        <source>Delete a delivery, payment or contact in a customer&apos;s window (the Delete key) and it waits here until you restore it.</source>
        <translation>在客户窗口里删除送货、收款或联系记录（按 Delete 键）后，它会留在这里，直到你恢复它。</translation>
    </message>
    <message numerus="yes">
        <source>Restore %n</source>
        <translation>
            <numerusform>恢复 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Restored: {what}</source>
        <translation>已恢复：{what}</translation>
    </message>
    <message numerus="yes">
        <source>, with %n payment(s) taken on delivery</source>
        <translation>
            <numerusform>，连同货到付款的 %n 笔收款</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not restore {what}: {why}</source>
        <translation>无法恢复 {what}：{why}</translation>
    </message>
</context>
<context>
    <name>ValueView</name>
    <message>
        <source>Customer value</source>
        <translation>客户价值</translation>
    </message>
    <message>
        <source>Tier moves since</source>
        <translation>层级变化对比</translation>
    </message>
    <message>
        <source>last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>last quarter</source>
        <translation>上季度</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Export chart as PNG…</source>
        <translation>导出图表为 PNG…</translation>
    </message>
    <message>
        <source>Drawing…</source>
        <translation>正在绘图…</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Value (LTV)</source>
        <translation>价值（终身价值）</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>From</source>
        <translation>门槛</translation>
    </message>
    <message>
        <source>Moved up</source>
        <translation>升入</translation>
    </message>
    <message>
        <source>Moved down</source>
        <translation>降入</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Was</source>
        <translation>原层级</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现层级</translation>
    </message>
    <message>
        <source>Ranked by discounted lifetime value: top 1% platinum, next 4% gold, next 15% iron, the rest lead (Settings). Platinum and gold deserve a named plan and personal service.</source>
        <translation>按折现终身价值排名：前 1% 铂金，其后 4% 黄金，再 15% 钢铁，其余为铅（可在设置中调整）。铂金和黄金客户值得专门的计划和专人服务。</translation>
    </message>
    <message>
        <source>Value pyramid</source>
        <translation>价值金字塔</translation>
    </message>
    <message>
        <source>Quadrant</source>
        <translation>象限</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>怎么做</translation>
    </message>
    <message>
        <source>Most potential (double-click to open):</source>
        <translation>潜力最大的客户（双击打开）：</translation>
    </message>
    <message>
        <source>Yearly spend</source>
        <translation>年均消费</translation>
    </message>
    <message>
        <source>Potential / year</source>
        <translation>每年潜力</translation>
    </message>
    <message>
        <source>Value × potential</source>
        <translation>价值 × 潜力</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Share of spend</source>
        <translation>消费占比</translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation>RFM 分群</translation>
    </message>
    <message>
        <source>Most at risk of being lost, ordered by</source>
        <translation>最可能流失的客户，排序：</translation>
    </message>
    <message>
        <source>risk</source>
        <translation>按风险</translation>
    </message>
    <message>
        <source>yearly spend at stake</source>
        <translation>按可能损失的年消费</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Risk (0-100) comes from each customer&apos;s own rhythm: time since the last purchase against their usual interval and predicted run-out, products dropped or bought less often, and open complaints. Double-click to open.</source>
        <translation>风险（0-100）来自每位客户自己的节奏：距上次购买的时间对比平时的间隔和预计用完日期、不再买或买得少了的商品，以及未解决的投诉。双击打开客户。</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>Could not compute the value figures.</source>
        <translation>无法计算价值数据。</translation>
    </message>
    <message numerus="yes">
        <source>As of {day}: %n customer(s).</source>
        <translation>
            <numerusform>截至 {day}：共 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <source>Protect</source>
        <comment>quadrant</comment>
        <translation>重点维护</translation>
    </message>
    <message>
        <source>Cultivate</source>
        <comment>quadrant</comment>
        <translation>潜力开发</translation>
    </message>
    <message numerus="yes">
        <source>%n open complaint(s)</source>
        <translation>
            <numerusform>有 %n 件投诉未解决</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>expected to buy again %n day(s) ago (usually every {gap} days)</source>
        <translation>
            <numerusform>预计 %n 天前就该再买了（平时约 {gap} 天买一次）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no purchase for %n day(s) (usually every {gap})</source>
        <translation>
            <numerusform>已 %n 天没买（平时约 {gap} 天一次）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>stopped buying %n product(s) while buying others</source>
        <translation>
            <numerusform>%n 种商品早已用完没再买，别的还在买</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>buying %n product(s) less often lately</source>
        <translation>
            <numerusform>%n 种商品最近买得少了</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>only %n purchase(s) so far</source>
        <translation>
            <numerusform>只买过 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) without a household size: fill it in to see their potential.</source>
        <translation>
            <numerusform>%n 位客户没有家庭人数：填上后才能估算潜力。</numerusform>
        </translation>
    </message>
    <message>
        <source>Weights: the default ones (the book does not yet have enough history to learn its own; it will, from a few hundred customers).</source>
        <translation>权重：默认权重（账本的历史还不够学出自己的权重；有几百位客户后就会自己学）。</translation>
    </message>
    <message numerus="yes">
        <source>Weights learned from this book&apos;s own history ({month}, %n customer(s)); relearned once a month.</source>
        <translation>
            <numerusform>权重：从本账本自己的历史学出（{month}，%n 位客户），每月重新学一次。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) · {share:.0%} of value</source>
        <translation>
            <numerusform>%n 人 · 占价值 {share:.0%}</numerusform>
        </translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>铂金</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>黄金</translation>
    </message>
    <message>
        <source>Iron</source>
        <translation>钢铁</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>铅</translation>
    </message>
    <message>
        <source>Grow</source>
        <comment>quadrant</comment>
        <translation>重点发展</translation>
    </message>
    <message>
        <source>Maintain</source>
        <comment>quadrant</comment>
        <translation>低成本维持</translation>
    </message>
    <message>
        <source>High value, high potential: visit first, offer what they do not buy yet and win what they buy elsewhere.</source>
        <translation>价值高、潜力大：优先拜访，推荐还没买的商品，争取他在别处买的那部分。</translation>
    </message>
    <message>
        <source>High value, little room left: keep service perfect, remember occasions, ask for referrals.</source>
        <translation>价值高、已基本全在我们这买：保证服务不走样，节日问候，请他介绍邻居。</translation>
    </message>
    <message>
        <source>Low value, high potential: they need a lot but buy little from us; find out where and why, offer a trial.</source>
        <translation>价值低、潜力大：家里用得多却很少找我们，问清在哪买、为什么，给个试用或优惠。</translation>
    </message>
    <message>
        <source>Low value, low potential: keep in touch by phone or message, resupply on time.</source>
        <translation>价值低、潜力小：电话或微信保持联系，按时补货即可。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Champions</source>
        <translation>重要价值</translation>
    </message>
    <message>
        <source>Develop</source>
        <comment>segment</comment>
        <translation>重要发展</translation>
    </message>
    <message>
        <source>Keep</source>
        <comment>segment</comment>
        <translation>重要保持</translation>
    </message>
    <message>
        <source>Win back</source>
        <translation>重要挽留</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>一般价值</translation>
    </message>
    <message>
        <source>Promising</source>
        <translation>一般发展</translation>
    </message>
    <message>
        <source>Slipping</source>
        <translation>一般保持</translation>
    </message>
    <message>
        <source>Resupply on time: the second purchase matters most.</source>
        <translation>按时补货、留下好印象，第二次购买最关键。</translation>
    </message>
    <message>
        <source>Best customers: personal service, first in line, ask for referrals.</source>
        <translation>最好的客户：专人服务、优先送货，请他介绍邻居。</translation>
    </message>
    <message>
        <source>Big baskets, few visits: agree a regular delivery rhythm.</source>
        <translation>买得多但不常买：约定固定送货周期。</translation>
    </message>
    <message>
        <source>Big regulars gone quiet: call now and find out why.</source>
        <translation>一直常买的大客户最近没买：马上联系，问清原因。</translation>
    </message>
    <message>
        <source>Spent a lot but not seen for long: visit in person, win them back.</source>
        <translation>花钱多但很久没买：上门拜访，带个小礼物挽回。</translation>
    </message>
    <message>
        <source>Frequent small buyers: offer other products.</source>
        <translation>常买的小客户：推荐其他商品。</translation>
    </message>
    <message>
        <source>Recent but occasional: remind them of run-out, build the habit.</source>
        <translation>最近买过、还不常买：提醒补货时间，培养习惯。</translation>
    </message>
    <message>
        <source>Used to buy often, less lately: a friendly call with a reminder.</source>
        <translation>以前常买、最近变少：电话问候，顺便提醒补货。</translation>
    </message>
    <message>
        <source>Little and long ago: a low-cost check whether they moved elsewhere.</source>
        <translation>买得少、很久没买：低成本联系，看看是否已转去别家。</translation>
    </message>
    <message>
        <source>on rhythm</source>
        <translation>节奏正常</translation>
    </message>
    <message>
        <source>Since {period}: {up} moved up, {down} moved down (double-click to open).</source>
        <translation>与 {period} 相比：升级 {up} 人，降级 {down} 人（双击打开客户）。</translation>
    </message>
    <message>
        <source>Tier moves show once last month&apos;s (or quarter&apos;s) snapshot exists: the book keeps one each month.</source>
        <translation>有了上月（或上季度）的记录后就能看到升降：账本每月自动保存一次。</translation>
    </message>
    <message>
        <source>Value = yearly spend (split at {v}); potential = what they could still buy from us per year: need not yet bought from us plus products they do not buy yet (split at {p}). Click a point to open the customer.</source>
        <translation>价值＝年均消费（分界 {v}）；潜力＝每年还能在我们这多买多少：没在我们这买的用量，加上还没买过的商品（分界 {p}）。点击图上的点打开客户。</translation>
    </message>
    <message>
        <source>Value: yearly spend (yuan)</source>
        <translation>价值：年均消费（元）</translation>
    </message>
    <message>
        <source>Potential: more per year (yuan)</source>
        <translation>潜力：每年还能多买（元）</translation>
    </message>
    <message>
        <source>Customers per RFM segment</source>
        <translation>各 RFM 分群人数</translation>
    </message>
    <message>
        <source>{share:.0%} of spend</source>
        <translation>消费占 {share:.0%}</translation>
    </message>
    <message>
        <source>value-pyramid.png</source>
        <translation>价值金字塔.png</translation>
    </message>
    <message>
        <source>value-matrix.png</source>
        <translation>价值矩阵.png</translation>
    </message>
    <message>
        <source>rfm-segments.png</source>
        <translation>RFM分群.png</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>The chart could not be saved to {path}.</source>
        <translation>图表无法保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Salesbook</source>
        <translation>欢迎使用销售台账</translation>
    </message>
    <message>
        <source>Like the rice seller who noted every household&apos;s size, consumption and payday, Salesbook tells you each morning whom to resupply, whom to collect from and whom to call on.</source>
        <translation>就像当年记下每户人口、用米量和发薪日的米店老板，销售台账每天早上告诉你：该给谁补货，找谁收款，去看望谁。</translation>
    </message>
    <message>
        <source>Open a demo book</source>
        <translation>打开演示账本</translation>
    </message>
    <message>
        <source>300 made-up households with a year of deliveries: look around safely.</source>
        <translation>300 户虚构家庭和一年的送货记录：随便看看，不怕弄乱。</translation>
    </message>
    <message>
        <source>Import a spreadsheet</source>
        <translation>导入表格</translation>
    </message>
    <message>
        <source>Bring your customers and deliveries in from Excel or CSV.</source>
        <translation>从 Excel 或 CSV 导入客户和送货记录。</translation>
    </message>
    <message>
        <source>Start with an empty book</source>
        <translation>从空账本开始</translation>
    </message>
    <message>
        <source>Add customers and products as you go.</source>
        <translation>边用边添加客户和商品。</translation>
    </message>
    <message>
        <source>Your book is kept on this computer: {path}</source>
        <translation>账本保存在这台电脑上：{path}</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook backs up this book when you close it, every 30 minutes while you work, and before imports and upgrades. It keeps the last 10, one a day for a week, one a week for a month and one a month for a year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backups yet: the first one is made when you close the book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up: {id} ({size})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the book with the backup of {when}?

The book as it is now is kept as a backup first, so you can come back to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the backup of {when}. The replaced book was kept as backup {kept}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Log a complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no particular product)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened, in the customer&apos;s words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint logged: {customer}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComplaintModel</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Open for %n day(s)</source>
        <translation>
            <numerusform>Open for %n day</numerusform>
            <numerusform>Open for %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Complaints</name>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved {date}, visit to follow up: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow-up visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{customer}, {date}: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product: {product}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put right {date}: {how}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A visit soon shows you care: suggested until {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComplaintsTable</name>
    <message>
        <source>An open complaint is the strongest sign a customer may leave: put it right first. Once it is put right, a visit often wins them over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log a complaint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Complaints {n} (%n visit(s))</source>
        <translation>
            <numerusform>Complaints {n} (%n visit)</numerusform>
            <numerusform>Complaints {n} (%n visits)</numerusform>
        </translation>
    </message>
    <message>
        <source>Complaints {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open complaints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a customer complains, log it here: it stays on Today until it is put right, and then reminds you to visit them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up visit logged: {customer}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Log a contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was said, what to do next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact logged with {customer} ({kind})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerDetail</name>
    <message>
        <source>Delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Household and pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remind before run-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collect on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bought in total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form of address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery habits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule of thumb / day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learned / day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In stock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery history of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted run-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing the chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This family uses about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The book believes this household uses little {product}: about {rate} a day (rule of thumb {rule}). If that is wrong, set its rate below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The book believes this household uses a lot of {product}: about {rate} a day (rule of thumb {rule}). If that is wrong, set its rate below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{unit} a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimated by the book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>the book&apos;s setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No deliveries yet: the chart appears after the first one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule of thumb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (elsewhere)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deliveries (%n)</source>
        <translation>
            <numerusform>Deliveries (%n)</numerusform>
            <numerusform>Deliveries (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Payments (%n)</source>
        <translation>
            <numerusform>Payments (%n)</numerusform>
            <numerusform>Payments (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Contacts (%n)</source>
        <translation>
            <numerusform>Contacts (%n)</numerusform>
            <numerusform>Contacts (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>new customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestion: move {name} up to {level}. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%b %d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in the household size to predict what this customer needs before their first deliveries show it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimated stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bought elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs out {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no deliveries yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship level saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share we supply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log a complaint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put right on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it was put right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No complaints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When this customer complains, log it here: it stays on Today until it is put right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule of thumb and learned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enough for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Open for %n day(s)</source>
        <translation>
            <numerusform>Open for %n day</numerusform>
            <numerusform>Open for %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put right in %n day(s)</source>
        <translation>
            <numerusform>Put right in %n day</numerusform>
            <numerusform>Put right in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Complaints (%n)</source>
        <translation>
            <numerusform>Complaints (%n)</numerusform>
            <numerusform>Complaints (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n complaint(s) still open: put it right first, then visit to follow up.</source>
        <translation>
            <numerusform>%n complaint still open: put it right first, then visit to follow up.</numerusform>
            <numerusform>%n complaints still open: put them right first, then visit to follow up.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every complaint was put right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open complaint(s)</source>
        <translation>
            <numerusform>%n open complaint</numerusform>
            <numerusform>%n open complaints</numerusform>
        </translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Move %n records to trash</source>
        <translation>
            <numerusform>Move %n record to trash</numerusform>
            <numerusform>Move %n records to trash</numerusform>
        </translation>
    </message>
    <message>
        <source>delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, with %n payment(s) taken on delivery: {amounts}</source>
        <translation>
            <numerusform>, with %n payment taken on delivery: {amounts}</numerusform>
            <numerusform>, with %n payments taken on delivery: {amounts}</numerusform>
        </translation>
    </message>
    <message>
        <source>Moved to the trash: {what}{along} (undo with {keys})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>New customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 139 1234 5678</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form of address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>how messages greet them, e.g. 王姐, 李师傅</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Household size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>people, e.g. 4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 10, 31 (month end), 5,20, weekly:fri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the level changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remind days before run-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: the book&apos;s setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shown when a delivery is recorded and on the visit plan, e.g. 放门口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery habits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ not understood yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Name, phone or pinyin initials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer matches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Customers</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next run-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ran out %n day(s) ago: at risk, they may be buying elsewhere</source>
        <translation>
            <numerusform>Ran out %n day ago: at risk, they may be buying elsewhere</numerusform>
            <numerusform>Ran out %n days ago: at risk, they may be buying elsewhere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ran out %n day(s) ago</source>
        <translation>
            <numerusform>Ran out %n day ago</numerusform>
            <numerusform>Ran out %n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>Runs out today</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <source>Search: name, phone or pinyin initials (wjg finds 王建国)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resupply due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ran out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the spelling, or try pinyin initials: wjg finds 王建国.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the households and shops you sell to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive {name}? They leave the lists and Today; their history is kept and they can be restored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>Record a delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid on delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The book has no products yet: add them in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery habits: {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded for {customer}: {quantity} {unit} {product} ({amount}); runs out about {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded for {customer}: {quantity} {unit} {product} ({amount})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DueTable</name>
    <message numerus="yes">
        <source>Write %n message(s)…</source>
        <translation>
            <numerusform>Write %n message…</numerusform>
            <numerusform>Write %n messages…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>{action}: {product}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole book: customers, deliveries, payments, contacts, forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The due list of the day (ready to print)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The visit plan of the day (ready to print)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A summary for your manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also what falls due in the next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day(s) from the date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name, as your manager knows you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write your name: the manager&apos;s team book sorts by it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days up to the date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese (中文)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet names and headers in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting to {file}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing sheet {sheet}: {rows} rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}
{detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file may be open in Excel or WPS, or the folder is read-only: close the file there, or choose another name or folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full: free some space or choose another drive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another name or folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Look in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Excel (.xlsx, .xls), .ods or .csv file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(guess from the headers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file: the header row and the columns are found by themselves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which column is which</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first rows as they would be imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the good rows and skip the bad ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file}, sheet {sheet}: header in row {row}, {n} rows below it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(column {n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still needed: a column for {fields}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip (already there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled: the book was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix these rows in the file, or tick “skip the bad ones” and import again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {n} row(s) from {file}: {new} new, {updated} updated, {same} unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} row(s) repeated a customer of an earlier row and were merged into it (where both rows have a value, the later one wins).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} row(s) repeated a record already in the book and were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} total row(s) (合计/小计) were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names that start like a spreadsheet formula (imported as typed; check them):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row {row}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped {n} row(s) with problems:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This import can be undone as one step (import {id}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a book first (File menu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a whole book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workbooks written by Export (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LevelDialog</name>
    <message>
        <source>Change relationship level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. introduced two neighbours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a &amp;demo book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import a spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Whole book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a &amp;copy of the book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;customer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Salesbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This book is open in another Salesbook window, so it opened read-only here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No book open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team &amp;window…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a &amp;server team book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo book (deleted when you quit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{path} · %n customer(s)</source>
        <translation>
            <numerusform>{path} · %n customer</numerusform>
            <numerusform>{path} · %n customers</numerusform>
        </translation>
    </message>
    <message>
        <source>New book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook books (*.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} already exists: use Open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook books (*.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing a demo book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing a demo book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo book cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy of the book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy saved: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redone: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a book first (File menu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Salesbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook {version}

A field sales rep&apos;s customer book: who to resupply, collect from and call on, every morning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trash…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <source>Write message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log it as a message sent to the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also due: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied: paste it into WeChat or an SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged the message to {customer}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>upcoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resupply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dddd, MMM d, yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Win back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record a payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owed now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yuan, e.g. 320</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment from {customer}: {amount}; still owed {balance}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanView</name>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody needs a visit on this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a later day, or look at Today with a few days ahead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n stop(s)</source>
        <translation>
            <numerusform>%n stop</numerusform>
            <numerusform>%n stops</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more wait for another day</source>
        <translation>
            <numerusform>%n more waits for another day</numerusform>
            <numerusform>%n more wait for another day</numerusform>
        </translation>
    </message>
    <message>
        <source>No stops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery habits: {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last delivery ({date}, {product}): {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Open complaint: {what} · %n day(s)</source>
        <translation>
            <numerusform>Open complaint: {what} · %n day</numerusform>
            <numerusform>Open complaint: {what} · %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>visit-plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the visit plan as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the visit plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent the plan to the printer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PyramidWidget</name>
    <message>
        <source>guideline ≈ {n}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a customer first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelationshipsView</name>
    <message>
        <source>Your pyramid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Of about 100 people a rep knows, about 50 become acquaintances, 10 friends and 3-5 confidants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers who are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The book only suggests; you decide. Accepting records the reason in the customer&apos;s history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestions right now. They appear as customers buy regularly and you keep in touch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is now: {level}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>Remind me later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In three hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Resupply {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resupply {n} ({items} items)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>win back {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>win back {n} ({items} items)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>collect {c} ({owed})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow up {f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (%n visit(s))</source>
        <translation>
            <numerusform> (%n visit)</numerusform>
            <numerusform> (%n visits)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n complaint visit(s)</source>
        <translation>
            <numerusform>%n complaint visit</numerusform>
            <numerusform>%n complaint visits</numerusform>
        </translation>
    </message>
    <message>
        <source>Show Salesbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remind me in an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I will remind you again at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesbook: today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open complaint(s)</source>
        <translation>
            <numerusform>%n open complaint</numerusform>
            <numerusform>%n open complaints</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResolveComplaintDialog</name>
    <message>
        <source>Resolve a complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. exchanged the bag, refunded the difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it was put right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put right on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint put right: {customer}. Visit them soon to follow up.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remind this many days before run-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At risk: days past run-out or payday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A collection this many days late is at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit plan: stops per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How good are the reminders on this book? Not checked yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep in touch: days between contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new customer&apos;s household-size estimate counts as much as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value pyramid: Platinum is the top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold: the next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iron: the next (the rest are Lead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days of their own deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages to customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per person per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per person per day is the rule of thumb (e.g. rice 0.15 kg): with the household size it predicts a new customer&apos;s needs until their deliveries show the real rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the forecast against this book&apos;s history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product row {row}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamWindow</name>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New team book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open team book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server team book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a server team book (PostgreSQL) by its URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import summaries…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring back previous summary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a rep: their summary before the last import comes back (the current one is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{level} (guideline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing the chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Based on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same customer (same customer uid, or same phone) under two or more reps. They are not merged: decide who looks after the customer, and have the other rep archive them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>team.db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New team book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team book (*.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a team book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a server team book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team book&apos;s address on the PostgreSQL server, e.g.
postgresql://manager@server.example.com/salesbook

No password here: it is read from ~/.pgpass (Windows: %APPDATA%\postgresql\pgpass.conf) or the PGPASSWORD environment variable. The connection uses TLS when the server offers it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server team book&apos;s address starts with postgresql://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the password out of the address: put it in ~/.pgpass or PGPASSWORD. The address is remembered, and a password must never be stored in plain text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import summaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing summaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rep}: imported {file} ({n} customers, as of {on})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rep}: replaced older summary with {file} ({n} customers, as of {on})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rep}: kept the summary already here ({file} is not newer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rep}: not imported yet: {file} has {n} customers, the team book has {before}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file}: not imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the files after these were not imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{rep}: {file} lists {n} customers; the team book has {before} for {rep}. Importing it removes %n customer(s) from the team report.</source>
        <translation>
            <numerusform>{rep}: {file} lists {n} customers; the team book has {before} for {rep}. Importing it removes %n customer from the team report.</numerusform>
            <numerusform>{rep}: {file} lists {n} customers; the team book has {before} for {rep}. Importing it removes %n customers from the team report.</numerusform>
        </translation>
    </message>
    <message>
        <source>Is this summary right? The summary it replaces is kept: “Bring back previous summary…” restores it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Import anyway (%n customer(s) go)</source>
        <translation>
            <numerusform>Import anyway (%n customer goes)</numerusform>
            <numerusform>Import anyway (%n customers go)</numerusform>
        </translation>
    </message>
    <message>
        <source>Bring back {rep}&apos;s previous summary (as of {on}, {n} customers)?

The current one (as of {now}, {now_n} customers) is kept: bringing back again restores it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring back previous summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brought back {rep}&apos;s previous summary (as of {on}, {n} customers); the one it replaced (as of {was_on}, {was_n} customers) is kept: “Bring back previous summary…” swaps them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total spend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same customer uid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Due list (%n)</source>
        <translation>
            <numerusform>Due list (%n)</numerusform>
            <numerusform>Due list (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything due by {end} (the week from {on}) and everything overdue, of all reps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first {n} items, oldest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation>
            <numerusform>Conflicts (%n)</numerusform>
            <numerusform>Conflicts (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Receivables per rep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due this week and overdue, per rep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No summaries yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team book: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No team book open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A team book combines the summaries your reps send you. Create a new team book or open one, then import the summaries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This team book is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the summaries your reps sent you: each rep writes one with File &gt; Export &gt; A summary for your manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n rep(s)</source>
        <translation>
            <numerusform>%n rep</numerusform>
            <numerusform>%n reps</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} customers · due this week {due} · overdue {over} · receivables {owed} · as of {on}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message>
        <source>Team-report_{on}.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the team report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file may be open in Excel or WPS: close it there, or choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Message templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholders: {称呼} form of address, {品名} product, {用完日期} run-out date, {欠款} amount owed, {发薪日} payday (or {address_as} {product} {runout} {owed} {payday}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{customer}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saved %n template(s)</source>
        <translation>
            <numerusform>Saved %n template</numerusform>
            <numerusform>Saved %n templates</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <source>Deliver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bought elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{product}: ran out {date}, %n day(s) ago</source>
        <translation>
            <numerusform>{product}: ran out {date}, %n day ago</numerusform>
            <numerusform>{product}: ran out {date}, %n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>{product}: runs out today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>owes {amount}, payday {date}, %n day(s) late</source>
        <translation>
            <numerusform>owes {amount}, payday {date}, %n day late</numerusform>
            <numerusform>owes {amount}, payday {date}, %n days late</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{level}, every %n day(s)</source>
        <translation>
            <numerusform>{level}, every %n day</numerusform>
            <numerusform>{level}, every %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>{level}: never contacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{level}: no contact for %n day(s)</source>
        <translation>
            <numerusform>{level}: no contact for %n day</numerusform>
            <numerusform>{level}: no contact for %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>{product}: runs out {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owes {amount}, payday today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owes {amount}, payday {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{list} {customers} ({items} items)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{list} {customers}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message ready to paste into WeChat or an SMS, for each selected customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{day} and the next %n day(s)</source>
        <translation>
            <numerusform>{day} and the next day</numerusform>
            <numerusform>{day} and the next %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Your book is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add your customers, or import them from a spreadsheet, and Salesbook will tell you every morning whom to visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a demo book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import deliveries…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No deliveries yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record each customer&apos;s deliveries (Ctrl+D) or import them: from what and when they buy, Salesbook predicts when they run out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody needs resupplying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer runs out by this day. Look ahead a few days to plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to collect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No unpaid delivery has reached its payday.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody to win back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer ran out long ago without buying again: nobody seems to buy elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is waiting for a call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every customer was contacted within the cadence of their level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look ahead 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the customers to write to first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snoozed {customer} until {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{customer} bought {product} elsewhere: the forecast was restocked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <source>today {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted deliveries, payments and contacts, and archived customers. Restore brings them back as they were, with the forecast and balance; Edit &gt; Undo takes a restore back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{amount} (paid on a delivery in the trash: comes back with it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>the newest %n</source>
        <translation>
            <numerusform>the newest %n</numerusform>
            <numerusform>the newest %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in the trash</source>
        <translation>
            <numerusform>%n in the trash</numerusform>
            <numerusform>%n in the trash</numerusform>
        </translation>
    </message>
    <message>
        <source>The trash is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete a delivery, payment or contact in a customer&apos;s window (the Delete key) and it waits here until you restore it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Restore %n</source>
        <translation>
            <numerusform>Restore %n</numerusform>
            <numerusform>Restore %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message>
        <source>Restored: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, with %n payment(s) taken on delivery</source>
        <translation>
            <numerusform>, with %n payment taken on delivery</numerusform>
            <numerusform>, with %n payments taken on delivery</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not restore {what}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValueView</name>
    <message>
        <source>Customer value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier moves since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value (LTV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Was</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranked by discounted lifetime value: top 1% platinum, next 4% gold, next 15% iron, the rest lead (Settings). Platinum and gold deserve a named plan and personal service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value pyramid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most potential (double-click to open):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly spend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Potential / year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value × potential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of spend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most at risk of being lost, ordered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yearly spend at stake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk (0-100) comes from each customer&apos;s own rhythm: time since the last purchase against their usual interval and predicted run-out, products dropped or bought less often, and open complaints. Double-click to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not compute the value figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>As of {day}: %n customer(s).</source>
        <translation>
            <numerusform>As of {day}: %n customer.</numerusform>
            <numerusform>As of {day}: %n customers.</numerusform>
        </translation>
    </message>
    <message>
        <source>Protect</source>
        <comment>quadrant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cultivate</source>
        <comment>quadrant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open complaint(s)</source>
        <translation>
            <numerusform>%n open complaint</numerusform>
            <numerusform>%n open complaints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>expected to buy again %n day(s) ago (usually every {gap} days)</source>
        <translation>
            <numerusform>expected to buy again %n day ago (usually every {gap} days)</numerusform>
            <numerusform>expected to buy again %n days ago (usually every {gap} days)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no purchase for %n day(s) (usually every {gap})</source>
        <translation>
            <numerusform>no purchase for %n day (usually every {gap})</numerusform>
            <numerusform>no purchase for %n days (usually every {gap})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>stopped buying %n product(s) while buying others</source>
        <translation>
            <numerusform>stopped buying %n product while buying others</numerusform>
            <numerusform>stopped buying %n products while buying others</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>buying %n product(s) less often lately</source>
        <translation>
            <numerusform>buying %n product less often lately</numerusform>
            <numerusform>buying %n products less often lately</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>only %n purchase(s) so far</source>
        <translation>
            <numerusform>only %n purchase so far</numerusform>
            <numerusform>only %n purchases so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) without a household size: fill it in to see their potential.</source>
        <translation>
            <numerusform>%n customer has no household size: fill it in to see their potential.</numerusform>
            <numerusform>%n customers have no household size: fill it in to see their potential.</numerusform>
        </translation>
    </message>
    <message>
        <source>Weights: the default ones (the book does not yet have enough history to learn its own; it will, from a few hundred customers).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Weights learned from this book&apos;s own history ({month}, %n customer(s)); relearned once a month.</source>
        <translation>
            <numerusform>Weights learned from this book&apos;s own history ({month}, %n customer); relearned once a month.</numerusform>
            <numerusform>Weights learned from this book&apos;s own history ({month}, %n customers); relearned once a month.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) · {share:.0%} of value</source>
        <translation>
            <numerusform>%n customer · {share:.0%} of value</numerusform>
            <numerusform>%n customers · {share:.0%} of value</numerusform>
        </translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grow</source>
        <comment>quadrant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintain</source>
        <comment>quadrant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High value, high potential: visit first, offer what they do not buy yet and win what they buy elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High value, little room left: keep service perfect, remember occasions, ask for referrals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low value, high potential: they need a lot but buy little from us; find out where and why, offer a trial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low value, low potential: keep in touch by phone or message, resupply on time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Champions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Develop</source>
        <comment>segment</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <comment>segment</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Win back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promising</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resupply on time: the second purchase matters most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best customers: personal service, first in line, ask for referrals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Big baskets, few visits: agree a regular delivery rhythm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Big regulars gone quiet: call now and find out why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent a lot but not seen for long: visit in person, win them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frequent small buyers: offer other products.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent but occasional: remind them of run-out, build the habit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used to buy often, less lately: a friendly call with a reminder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Little and long ago: a low-cost check whether they moved elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on rhythm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since {period}: {up} moved up, {down} moved down (double-click to open).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier moves show once last month&apos;s (or quarter&apos;s) snapshot exists: the book keeps one each month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value = yearly spend (split at {v}); potential = what they could still buy from us per year: need not yet bought from us plus products they do not buy yet (split at {p}). Click a point to open the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value: yearly spend (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Potential: more per year (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers per RFM segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{share:.0%} of spend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value-pyramid.png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value-matrix.png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rfm-segments.png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chart could not be saved to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Salesbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like the rice seller who noted every household&apos;s size, consumption and payday, Salesbook tells you each morning whom to resupply, whom to collect from and whom to call on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a demo book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>300 made-up households with a year of deliveries: look around safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring your customers and deliveries in from Excel or CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with an empty book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add customers and products as you go.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your book is kept on this computer: {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
